/**
 * Pinned files of the MICrONS per-field RNN-prior inputs (CorticalBlueprintRNN, MIT; data from the
 * MICrONS public release): three fields (6_6_2, N = 312, the canonical one; 5_3_4, N = 70; 5_6_8,
 * N = 160). `spikes_6_6_2.npy` is absent from the upstream snapshot.
 *
 * Sizes and checksums were computed from the files themselves (sha256sum) and are checked against
 * the real data in `test/registry/microns-registry.test.ts`.
 */
import type { DataFileSpec, DatasetInfo } from './data-file-spec';

const CORTICAL_BLUEPRINT_COMMIT = '8d5e241b444803ba552923d32a5fcef39439425b';

/** Provenance of the MICrONS CorticalBlueprintRNN per-field inputs. Frozen. */
export const micronsDatasetInfo: DatasetInfo = Object.freeze({
  id: 'microns-corticalblueprint',
  title: 'MICrONS minnie65 per-field functional/EM matrices and soma positions (CorticalBlueprintRNN Model/DATA/info)',
  repository: 'neurovium/CorticalBlueprintRNN',
  commit: CORTICAL_BLUEPRINT_COMMIT,
  licence: 'MIT',
  citation:
    'Shakiba M., Rokni R., Mohammadi M., Dehghani N. (2026) Harnessing cortical geometry, wiring, and function as ' +
    'inductive biases for recurrent neural networks. arXiv:2606.14975; software doi:10.5281/zenodo.20834365. ' +
    'Data: MICrONS Consortium (2025) Functional connectomics spanning multiple areas of mouse visual cortex. Nature.',
  doi: '10.5281/zenodo.20834365',
});

/** The MICrONS fields with pinned files, and their neuron counts. */
export const MICRONS_FIELDS = Object.freeze({ '6_6_2': 312, '5_3_4': 70, '5_6_8': 160 } as const);

/** A MICrONS field id `<session>_<scan>_<field>`. */
export type MicronsField = keyof typeof MICRONS_FIELDS;

function micronsFile(field: string, name: string, bytes: number, sha256: string): DataFileSpec {
  return Object.freeze({
    path: `microns-corticalblueprint/info/${field}/${name}`,
    dataset: 'microns-corticalblueprint',
    url: `https://github.com/neurovium/CorticalBlueprintRNN/raw/${CORTICAL_BLUEPRINT_COMMIT}/Model/DATA/info/${field}/${name}`,
    bytes,
    sha256,
    licence: micronsDatasetInfo.licence,
    citation: micronsDatasetInfo.citation,
  });
}

/** Every pinned MICrONS per-field file (26: nine per field, spikes absent for 6_6_2). Frozen. */
export const micronsDataFiles: readonly DataFileSpec[] = Object.freeze([
  micronsFile('5_3_4', 'connectome_5_3_4.csv', 10_201, 'daebbf7c3901b9150e350292b626990f183868dc074f63f710d1f77724991767'),
  micronsFile('5_3_4', 'corr_matrix.npy', 39_328, 'd323c8322df2d201879a3f5be6514817572726b06be3602f3101440693511420'),
  micronsFile('5_3_4', 'positions_5_3_4.npy', 4_093, '7c4bccc9a6d5df48844d8d9d6184c39663c19942619b99c088c1ba134a2eb188'),
  micronsFile('5_3_4', 'precision_matrix.npy', 39_328, '0306ea21585372f3d76dcffdfac70432950ef57acfe1de886b7bbfcbc3cae80b'),
  micronsFile('5_3_4', 'root_ids_5_3_4.npy', 688, '7405312576f0d077181d09f6f0fe735ab52ddd74b5f6d28c1f0c596c4624b01b'),
  micronsFile('5_3_4', 'spikes_5_3_4.npy', 1_808_138, '497ef2560e009acede4d28ff4b0b440bf5e283797ffeb7de712f227d690efbf6'),
  micronsFile('5_3_4', 'sttc_matrix.npy', 39_328, 'b95ba2a7ccb5e67e73fa940bd97f10baf9bfa8b4476451d8e937ef905b84886a'),
  micronsFile('5_3_4', 'target_ids_5_3_4.npy', 688, '6736bbad27a6cde23dacf7372dab7a89201fa0b0f58560d2bc5f150d6d8f7b72'),
  micronsFile('5_3_4', 'unit_ids_5_3_4.npy', 688, '350a4386648c15327951f5e5b232a38d41e70775a6ac18c17c3c48d5f06cfd76'),
  micronsFile('5_6_8', 'connectome_5_6_8.csv', 52_261, '17d1b35b2b16972a420ef4e4767214990affeb24334482f6312722c0941fa68c'),
  micronsFile('5_6_8', 'corr_matrix.npy', 204_928, '46fe5b33a950b328ead8b08d8c7f13bd76fbe86e48a8b0cc27a6de3c48b39806'),
  micronsFile('5_6_8', 'positions_5_6_8.npy', 8_953, 'b1cfdb6b4704dc09d8630cb1931f774c803a39a6e0cc8952cd260c3790173f67'),
  micronsFile('5_6_8', 'precision_matrix.npy', 204_928, 'c151ed336e7d2da0ddedc4e9a4b3129ace1792c465d0770af5be43f66cb8fe07'),
  micronsFile('5_6_8', 'root_ids_5_6_8.npy', 1_408, '0cef04177f88845564a474e6495ba19eeb33944884d3857ba40e7ddf3fc46106'),
  micronsFile('5_6_8', 'spikes_5_6_8.npy', 2_052_381, '6237a2fc299ae410790948d40f50242350835b430aaa4508f482e9dd24277875'),
  micronsFile('5_6_8', 'sttc_matrix.npy', 204_928, 'd3fbd4f927cec500617b59f90e2b7fec29855ca90f059487ad501041e0d41f0b'),
  micronsFile('5_6_8', 'target_ids_5_6_8.npy', 1_408, 'c41c330b97c74d138ee343ce962c717d43081797e0b78418887ca84acf172793'),
  micronsFile('5_6_8', 'unit_ids_5_6_8.npy', 1_408, '6390e37ac32cb517a45653cc0243e3f3498440e49b169b0d92b297de717fbd07'),
  micronsFile('6_6_2', 'connectome_6_6_2.csv', 196_965, 'be70dce0f3828b622b68b257310391bf974e2b7ddf45a92fe3f4208798c6a278'),
  micronsFile('6_6_2', 'corr_matrix.npy', 778_880, '59f98e78da01e831558d67e2850ca87fc7e7b8d2f7cf17117b449d000545c8f7'),
  micronsFile('6_6_2', 'positions_6_6_2.npy', 23_958, '86cb386b9fbd0ff8531b97eb8e99f65f1b0ca61cb1ec1ec89ff0bf195c0de452'),
  micronsFile('6_6_2', 'precision_matrix.npy', 778_880, '1ff2909b20d6b409c6a87f3fadbeab5751f6091cbe47d862ef2bb64751739d9a'),
  micronsFile('6_6_2', 'root_ids_6_6_2.npy', 2_624, 'de841561eda6ca1100584825bc3a74b79df2a14c400197a0582e068a672a838c'),
  micronsFile('6_6_2', 'sttc_matrix.npy', 778_880, '076332d26be3842aef86f8d04cc3fb226e332d14a131652df5a7cd28325e5f8e'),
  micronsFile('6_6_2', 'target_ids_6_6_2.npy', 2_624, '64b6f46cc24a38a28fe20257859e6b84c01d03fe203ad2077766e749c1938fa0'),
  micronsFile('6_6_2', 'unit_ids_6_6_2.npy', 2_624, 'a7add96253a226dabdab89515ea2e0738d0016ba6bf5e945b9a432fc7180f767'),
]);
