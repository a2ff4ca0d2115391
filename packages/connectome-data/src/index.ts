// Errors
export { DataFormatError } from './errors/data-format-error';
export { DataIntegrityError } from './errors/data-integrity-error';
export { DataNotFoundError } from './errors/data-not-found-error';
export { DownloadError } from './errors/download-error';

// The shared sparse type (defined in @olfactory/neurons, re-exported for convenience)
export type { CsrMatrix } from '@olfactory/neurons';

// Dataset registry, resolution, verification and download
export type { DataFileSpec, DatasetId, DatasetInfo } from './registry/data-file-spec';
export { allDataFiles, dataFilesOf, datasetInfo, door2DataFiles, door2LarvalReceptors, findDataFileSpec, getDataFileSpec, winding2023DataFiles } from './registry/dataset-registry';
export { dataFilePath } from './registry/data-file-path';
export { DATA_DIR_ENV_VAR, resolveDataDir } from './registry/resolve-data-dir';
export type { DataDirSource, ResolveDataDirOptions, ResolvedDataDir } from './registry/resolve-data-dir';
export { verifyDataFile } from './registry/verify-data-file';
export type { VerifiedDataFile, VerifyDataFileOptions } from './registry/verify-data-file';
export { downloadFile, downloadUrlFor } from './registry/download-file';
export type { DownloadFileOptions, DownloadProgress } from './registry/download-file';
export { ensureDataFiles } from './registry/ensure-data-files';
export type { EnsureDataFilesOptions, EnsuredDataFile, EnsuredDataFiles } from './registry/ensure-data-files';
export { writeFileAtomic } from './io/atomic-write';
export { isTempFileName, tempPathFor } from './io/temp-path';
export type { WriteFileAtomicOptions } from './io/atomic-write';
export { hashFile } from './io/hash-file';
export type { FileDigest } from './io/hash-file';

// Readers
export { readZipEntries } from './zip/read-zip-entries';
export type { LabeledMatrix } from './csv/labeled-matrix';
export { parseConnectivityMatrix } from './csv/parse-connectivity-matrix';
export { parseAnnotations } from './csv/parse-annotations';
export type { AnnotationRow } from './csv/parse-annotations';
export { parseDoorCsv, doorNumber } from './door/parse-door-csv';
export type { DoorRow, DoorTable } from './door/parse-door-csv';
export { WINDING_MATRIX_NAMES, windingMatrixFile } from './winding/winding-connectome';
export type { WindingConnectome, WindingMatrixName } from './winding/winding-connectome';
export { parseWindingZip } from './winding/parse-winding-zip';
export { CONNECTOME_CACHE_VERSION, decodeConnectomeCache, encodeConnectomeCache, inspectConnectomeCache } from './cache/connectome-binary-cache';
export type { ConnectomeCacheInspection } from './cache/connectome-binary-cache';
export { loadWindingConnectome } from './load/load-winding-connectome';
export type { LoadWindingConnectomeOptions, LoadedWindingConnectome, ParsedCacheStatus } from './load/load-winding-connectome';
export { CACHE_DIR_ENV_VAR, resolveParsedCacheDir } from './load/resolve-parsed-cache-dir';
export { OLFACTORY_DATA_FILES, loadOlfactoryData } from './load/load-olfactory-data';
export type { LoadOlfactoryDataOptions, OlfactoryData } from './load/load-olfactory-data';

// Odor responses (Kreher et al. 2008 via DoOR 2.0)
export { KREHER_CONDITIONS, KREHER_DOOR_RECEPTORS, KREHER_RECEPTORS, KREHER_STUDY_COLUMN, OR83A_SPONTANEOUS_HZ } from './kreher/kreher-constants';
export type { KreherReceptor } from './kreher/kreher-constants';
export { KREHER_SCALE_HZ, KREHER_SHIFT_HZ, normalizeKreherRate } from './kreher/normalize-kreher';
export { buildKreherMatrix, odorMatrixStats } from './kreher/build-kreher-matrix';
export type { OdorMatrixStats, OdorResponseMatrix } from './kreher/build-kreher-matrix';

// The olfactory circuit
export { CELL_GROUPS, selectOlfactoryNeurons, uniglomerularType } from './circuit/olfactory-neurons';
export type { CellGroup, OlfactoryNeurons } from './circuit/olfactory-neurons';
export { BY_NAME_MAPPING, ONE_TO_ONE_MAPPING, RECEPTOR_MAPPINGS, receptorMappingByName, positionalOrnOrder, positionalReceptorMatrix, receptorToOrnMatrix } from './circuit/receptor-mapping';
export type { PositionalOrnOrder, ReceptorMapping } from './circuit/receptor-mapping';
export {
  DEFAULT_PREPROCESSING,
  DATA_VARIANTS,
  OR_MAPPING_NAMES,
  PAPER_PREPROCESSING,
  PAPER_VARIANT,
  REFERENCE_MATRIX_TOTALS,
  dataVariantByName,
  describePreprocessing,
  preprocessingKey,
  resolvePreprocessing,
  samePreprocessing,
} from './circuit/circuit-preprocessing';
export type { CircuitPreprocessing, DataVariant, OrMappingName } from './circuit/circuit-preprocessing';
export { selectByIds } from './circuit/group-matrix';
export { quantileLinear, splitLocalNeurons } from './circuit/ln-split';
export type { LnSplit } from './circuit/ln-split';
export { excitatoryLnPnMask, sharedInputMask, symmetricContactMask, symmetricPairCount } from './circuit/gap-junction-masks';
export { AD_PATHWAYS, COMPARTMENT_PATHWAYS, NON_AD_PATHWAYS, buildOlfactoryCircuit } from './circuit/build-olfactory-circuit';
export type { AdPathway, CompartmentPathway, NonAdPathway, OlfactoryCircuit, OlfactoryCircuitOptions, PathwayName, RecordedPreprocessing } from './circuit/build-olfactory-circuit';
export { summarizeCircuit } from './circuit/circuit-summary';
export type { CircuitSummary } from './circuit/circuit-summary';

// Random numbers compatible with NumPy's legacy RandomState, and null models
export { NumpyRandomState } from './random/numpy-random-state';
export type { NumpyRandomStateSnapshot } from './random/numpy-random-state';
export { mt19937NextDouble, mt19937NextUint32, mt19937Seed } from './random/mt19937';
export type { Mt19937State } from './random/mt19937';
export { SHUFFLE_SEED_OFFSET, referenceShuffleFiles, referenceShuffleInputs, shuffleConnectome } from './null-models/shuffle-connectome';
export type { MatrixShape, ReferenceShuffleFile, ReferenceShuffleFolder, ShuffleConnectomeOptions, ShufflePermutations, ShuffledConnectome } from './null-models/shuffle-connectome';
export { shuffleOlfactoryCircuit } from './null-models/shuffle-olfactory-circuit';
export type { ShuffledOlfactoryCircuit } from './null-models/shuffle-olfactory-circuit';
export { rewireDegreePreserving } from './null-models/rewire-degree-preserving';
export type { RewireDegreePreservingOptions, RewireResult, RewireStats } from './null-models/rewire-degree-preserving';

// NumPy .npy reader (restricted unpickler for object arrays) and the MICrONS per-field inputs
export type { NpyArray, NpyNumericArray, NpyNumericDtype, NpyObjectArray, NpyTypedArray } from './npy/npy-types';
export { npyToFloat64, parseNpy, readNpy } from './npy/read-npy';
export { unpickleNumpyArray } from './npy/restricted-unpickle';
export { PickleRejectedError } from './errors/pickle-rejected-error';
export { MICRONS_FIELDS, micronsDataFiles, micronsDatasetInfo } from './registry/microns-registry';
export type { MicronsField } from './registry/microns-registry';
export { cpythonIntHash, cpythonSetOrder } from './microns/cpython-set-order';
export { MICRONS_VOXEL_NM, loadMicronsField, micronsFieldFiles, parseMicronsConnectomeCsv, reorderById, stackPositions, symmetrizeLower } from './microns/load-microns-field';
export type { LoadMicronsFieldOptions, MicronsFieldData } from './microns/load-microns-field';
