import * as onnxProtoModule from 'onnx-proto';

// onnx-proto is a CommonJS protobufjs bundle: under Node's ESM loader its namespace has only
// `default`; under CommonJS (the cjs build, jest) `onnx` is a named export.
type OnnxNamespace = typeof onnxProtoModule.onnx;
const onnx: OnnxNamespace = (onnxProtoModule as { onnx?: OnnxNamespace }).onnx ?? (onnxProtoModule as unknown as { default: { onnx: OnnxNamespace } }).default.onnx;

/** ONNX IR version and default-domain opset of every exported model (onnx-proto 8.0.1 = ONNX 1.10 schema). */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 15;

/** Element types used by the exporter. */
export type OnnxElementType = 'float' | 'int64' | 'bool';

const ELEMENT: Record<OnnxElementType, number> = {
  float: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** A dimension: a fixed size or a symbolic name (e.g. `batch`). */
export type OnnxDim = number | string;

/** Attribute values accepted by {@link OnnxGraphBuilder.node}. */
export type OnnxAttribute =
  | number
  | { readonly int: number }
  | readonly number[]
  | { readonly ints: readonly number[] }
  | { readonly graph: OnnxGraphBuilder }
  | { readonly tensor: { readonly type: OnnxElementType; readonly dims: readonly number[]; readonly values: ArrayLike<number> } };

function tensorProto(name: string, type: OnnxElementType, dims: readonly number[], values: ArrayLike<number>) {
  let raw: Uint8Array;
  if (type === 'float') raw = new Uint8Array(Float32Array.from(values).buffer);
  else if (type === 'int64') raw = new Uint8Array(BigInt64Array.from(Array.from(values, (v) => BigInt(v))).buffer);
  else raw = Uint8Array.from(values);
  // Raw data is little-endian in ONNX; every platform Node runs on here is little-endian.
  return onnx.TensorProto.create({ name, dims: [...dims], dataType: ELEMENT[type], rawData: raw });
}

function valueInfo(name: string, type: OnnxElementType, dims: readonly OnnxDim[] | null) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: ELEMENT[type],
        shape: dims === null ? undefined : { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

/**
 * A small builder of ONNX graphs over onnx-proto: initializers, nodes with generated output
 * names, inputs and outputs, and subgraphs (for `Loop` bodies). Names are unique per builder
 * family (a body shares its parent's counter so outer-scope references never collide).
 *
 * @example
 *   const g = new OnnxGraphBuilder('g');
 *   const x = g.input('x', 'float', ['batch', 3]);
 *   g.output(g.op('Relu', [x]), 'y', 'float', ['batch', 3]);
 *   const bytes = g.encodeModel({ producerName: 'example' });
 */
export class OnnxGraphBuilder {
  private readonly nodes: ReturnType<typeof onnx.NodeProto.create>[] = [];
  private readonly initializers: ReturnType<typeof onnx.TensorProto.create>[] = [];
  private readonly inputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  private readonly outputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  private readonly counter: { n: number };
  private readonly constants: Map<string, string>;
  private readonly root: OnnxGraphBuilder;
  /** Prefix of the names of the nodes added next (e.g. `kc`), for readable graphs and profiles. */
  section = '';

  constructor(
    readonly name: string,
    parent?: OnnxGraphBuilder,
  ) {
    this.counter = parent ? parent.counter : { n: 0 };
    // Constants live in the outermost graph; subgraphs reference them by name.
    this.root = parent ? parent.root : this;
    this.constants = this.root === this ? new Map() : this.root.constants;
  }

  /** A subgraph (e.g. a Loop body) whose node names continue this builder's numbering. */
  subgraph(name: string): OnnxGraphBuilder {
    return new OnnxGraphBuilder(name, this);
  }

  /** A fresh, unique value name with a readable prefix. */
  fresh(prefix: string): string {
    return `${prefix}_${this.counter.n++}`;
  }

  /** Declare a graph input. */
  input(name: string, type: OnnxElementType, dims: readonly OnnxDim[] | null): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Declare `value` as a graph output named `name` (an Identity node is added when the names differ). */
  output(value: string, name: string, type: OnnxElementType, dims: readonly OnnxDim[] | null): string {
    if (value !== name) this.node('Identity', [value], [name]);
    this.outputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** A named initializer of the outermost graph (visible in every subgraph). */
  initializer(name: string, type: OnnxElementType, dims: readonly number[], values: ArrayLike<number>): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (values.length !== size) throw new RangeError(`initializer ${name}: ${values.length} values for dims [${dims.join(', ')}]`);
    this.root.initializers.push(tensorProto(name, type, dims, values));
    return name;
  }

  /** A shared constant initializer (deduplicated by type, dims and values). */
  constant(type: OnnxElementType, dims: readonly number[], values: ArrayLike<number>): string {
    const key = `${type}|${dims.join(',')}|${Array.from(values).join(',')}`;
    const hit = this.constants.get(key);
    if (hit !== undefined) return hit;
    const name = this.initializer(this.fresh(`const_${type}`), type, dims, values);
    this.constants.set(key, name);
    return name;
  }

  /** A float scalar constant (shape []). */
  scalar(value: number): string {
    return this.constant('float', [], [value]);
  }

  /** An int64 vector constant. */
  ints(values: readonly number[]): string {
    return this.constant('int64', [values.length], values);
  }

  /** Add a node with explicit output names. */
  node(opType: string, inputs: readonly string[], outputs: readonly string[], attributes: Readonly<Record<string, OnnxAttribute>> = {}): readonly string[] {
    const attribute = Object.entries(attributes).map(([name, a]) => {
      const T = onnx.AttributeProto.AttributeType;
      if (typeof a === 'number') return onnx.AttributeProto.create({ name, type: T.FLOAT, f: a });
      if (Array.isArray(a)) return onnx.AttributeProto.create({ name, type: T.FLOATS, floats: [...a] });
      const o = a as Exclude<OnnxAttribute, number | readonly number[]>;
      if ('int' in o) return onnx.AttributeProto.create({ name, type: T.INT, i: o.int });
      if ('ints' in o) return onnx.AttributeProto.create({ name, type: T.INTS, ints: [...o.ints] });
      if ('graph' in o) return onnx.AttributeProto.create({ name, type: T.GRAPH, g: o.graph.toGraphProto() });
      return onnx.AttributeProto.create({ name, type: T.TENSOR, t: tensorProto('', o.tensor.type, o.tensor.dims, o.tensor.values) });
    });
    this.nodes.push(onnx.NodeProto.create({ opType, input: [...inputs], output: [...outputs], name: this.fresh(this.section ? `${this.section}/${opType}` : opType), attribute }));
    return outputs;
  }

  /** Add a single-output node and return its (generated) output name. */
  op(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, OnnxAttribute>> = {}, prefix = opType.toLowerCase()): string {
    return this.node(opType, inputs, [this.fresh(prefix)], attributes)[0]!;
  }

  /** Add a node with `n` generated outputs. */
  ops(opType: string, inputs: readonly string[], n: number, attributes: Readonly<Record<string, OnnxAttribute>> = {}, prefix = opType.toLowerCase()): string[] {
    return [
      ...this.node(
        opType,
        inputs,
        Array.from({ length: n }, () => this.fresh(prefix)),
        attributes,
      ),
    ];
  }

  /** The graph as an onnx.GraphProto. */
  toGraphProto() {
    return onnx.GraphProto.create({ name: this.name, node: this.nodes, initializer: this.root === this ? this.initializers : [], input: this.inputs, output: this.outputs });
  }

  /** Serialize the (outermost) graph as a model: IR 8, default-domain opset 15. */
  encodeModel(meta: { producerName: string; producerVersion?: string; docString?: string; metadata?: Readonly<Record<string, string>> }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: ONNX_IR_VERSION,
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      producerName: meta.producerName,
      producerVersion: meta.producerVersion ?? '',
      docString: meta.docString ?? '',
      graph: this.toGraphProto(),
      metadataProps: Object.entries(meta.metadata ?? {}).map(([key, value]) => ({ key, value })),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
