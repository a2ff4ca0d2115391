/**
 * A minimal ONNX graph writer over onnx-proto (ONNX 1.10 schema, IR 8, opset 15 plus the
 * `com.microsoft` contrib domain for `Inverse`), enough for the straight-line float32 graphs of
 * this package's onnxruntime engine: nodes with generated output names, float constants, inputs
 * and outputs with fixed or symbolic dimensions.
 */
import * as onnxProtoModule from 'onnx-proto';

// onnx-proto is a CommonJS protobufjs bundle: under Node's ESM loader its namespace has only
// `default`; under CommonJS (the cjs build, jest) `onnx` is a named export.
type OnnxNamespace = typeof onnxProtoModule.onnx;
const onnx: OnnxNamespace = (onnxProtoModule as { onnx?: OnnxNamespace }).onnx ?? (onnxProtoModule as unknown as { default: { onnx: OnnxNamespace } }).default.onnx;

const FLOAT = 1;
const INT64 = 7;

/** Attribute values: an int, a list of ints. */
export type GraphAttribute = { readonly int: number } | { readonly ints: readonly number[] } | { readonly float: number };

function valueInfo(name: string, elemType: number, dims: readonly (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
}

/**
 * @example
 *   const g = new OnnxGraph();
 *   const x = g.input('x', ['b', 3]);
 *   g.output(g.op('Relu', [x]), 'y', ['b', 3]);
 *   const bytes = g.encode();
 */
export class OnnxGraph {
  private readonly nodes: ReturnType<typeof onnx.NodeProto.create>[] = [];
  private readonly initializers: ReturnType<typeof onnx.TensorProto.create>[] = [];
  private readonly inputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  private readonly outputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  private readonly floatConstants = new Map<string, string>();
  private count = 0;

  /** A fresh value name. */
  fresh(prefix: string): string {
    return `${prefix}_${this.count++}`;
  }

  /** A float32 graph input. */
  input(name: string, dims: readonly (number | string)[]): string {
    this.inputs.push(valueInfo(name, FLOAT, dims));
    return name;
  }

  /** Declares `value` a float32 graph output named `name` (through Identity when the names differ). */
  output(value: string, name: string, dims: readonly (number | string)[]): void {
    if (value !== name) this.nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [value], output: [name], name: this.fresh('Identity') }));
    this.outputs.push(valueInfo(name, FLOAT, dims));
  }

  /** A float32 constant (deduplicated by dims and values). */
  floats(dims: readonly number[], values: ArrayLike<number>): string {
    const data = Float32Array.from(values);
    const key = `${dims.join(',')}|${data.length < 16 ? Array.from(data).join(',') : this.count}`;
    const hit = this.floatConstants.get(key);
    if (hit !== undefined) return hit;
    const name = this.fresh('const');
    this.initializers.push(onnx.TensorProto.create({ name, dims: [...dims], dataType: FLOAT, rawData: new Uint8Array(data.buffer) }));
    this.floatConstants.set(key, name);
    return name;
  }

  /** A float32 scalar constant. */
  scalar(value: number): string {
    return this.floats([], [value]);
  }

  /** An int64 vector constant. */
  ints(values: readonly number[]): string {
    const name = this.fresh('ints');
    this.initializers.push(onnx.TensorProto.create({ name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(BigInt64Array.from(values.map((v) => BigInt(v))).buffer) }));
    return name;
  }

  /** Adds a node with `outputs` generated outputs and returns their names. */
  node(opType: string, inputs: readonly string[], outputs = 1, attributes: Readonly<Record<string, GraphAttribute>> = {}, domain = ''): string[] {
    const T = onnx.AttributeProto.AttributeType;
    const attribute = Object.entries(attributes).map(([name, a]) =>
      'int' in a
        ? onnx.AttributeProto.create({ name, type: T.INT, i: a.int })
        : 'ints' in a
          ? onnx.AttributeProto.create({ name, type: T.INTS, ints: [...a.ints] })
          : onnx.AttributeProto.create({ name, type: T.FLOAT, f: a.float }),
    );
    const out = Array.from({ length: outputs }, () => this.fresh(opType.toLowerCase()));
    this.nodes.push(onnx.NodeProto.create({ opType, domain, input: [...inputs], output: out, name: this.fresh(opType), attribute }));
    return out;
  }

  /** Adds a single-output node and returns its output name. */
  op(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, GraphAttribute>> = {}, domain = ''): string {
    return this.node(opType, inputs, 1, attributes, domain)[0] as string;
  }

  /** `a @ b` with optional transposes (Gemm, 2-D operands). */
  gemm(a: string, b: string, transA = false, transB = false): string {
    return this.op('Gemm', [a, b], { transA: { int: transA ? 1 : 0 }, transB: { int: transB ? 1 : 0 } });
  }

  /** Σ_k c_k · x_k (Mul by scalar constants, then Sum). */
  linear(terms: readonly (readonly [number, string])[]): string {
    const scaled = terms.map(([c, x]) => (c === 1 ? x : this.op('Mul', [x, this.scalar(c)])));
    return scaled.length === 1 ? (scaled[0] as string) : this.op('Sum', scaled);
  }

  /** The serialized model. */
  encode(name = 'cortical-rnn'): Uint8Array {
    const graph = onnx.GraphProto.create({ name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [
        { domain: '', version: 15 },
        { domain: 'com.microsoft', version: 1 },
      ],
      producerName: '@olfactory/cortical-rnn',
      graph,
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
