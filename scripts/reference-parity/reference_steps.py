#!/usr/bin/env python3
"""Record the reference implementation's first optimizer steps on a tiny fixed setting.

Produces the literals of packages/olfactory-model/test/training/reference-parity.test.ts.
It runs the reference's OWN code from a user's checkout of InsectRobotics/connectome_emergence
(nothing of it is copied here): the model classes from code/core/, and from
code/scripts/run_training.py the configuration constants, clamp_biological, get_param_groups
and, taken out of train_single_model with `ast`, the student construction + ANN->SNN transfer
+ optimizer statements and the per-batch body of the student training loop, executed as they
are. Only the rate teacher is replaced by fixed values (the setting below), and the circuit
noise is switched off (REALISTIC_PARAMS with circuit_noise_enabled=False).

The circuit is this project's public-data circuit, exported by export-circuit.mjs; it is written
to the reference's data layout (data/winding2023*/<name>.pt) in a temporary folder, and the
reference's hard-coded OR->ORN map (receptor i -> ORNs 2i, 2i+1) is replaced by the exported
receptor->ORN table (this project's ORN order is not the reference's unpublished one).

Usage (Debian: apt-get install python3-torch):
  OLFACTORY_DATA_DIR=<data> node scripts/reference-parity/export-circuit.mjs <export dir>
  /usr/bin/python3 scripts/reference-parity/reference_steps.py \
      --reference <checkout of connectome_emergence> --export <export dir> --out steps.json
"""
import argparse
import ast
import dataclasses
import json
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import torch
import torch.nn.functional as F

N_ODORS, N_KC = 28, 144
EPOCH = 30  # sparsity weight 15 * 30/60 = 7.5
BATCHES = [[1, 5, 9, 27], [2, 6, 10, 14], [3, 7, 20, 0]]


def fixed_setting():
    """The teacher values of the test (exact in float32 on both sides)."""
    or_gains = np.array([0.9 + 0.02 * i for i in range(21)], dtype=np.float32)
    w = np.array([[((c * 131 + k * 37) % 97 - 48) / 576 for k in range(N_KC)] for c in range(N_ODORS)], dtype=np.float32)
    b = np.array([((c * 53) % 29 - 14) / 336 for c in range(N_ODORS)], dtype=np.float32)
    return or_gains, np.float32(0.9), w, b


def write_reference_layout(export: Path, dst: Path):
    meta = json.loads((export / 'meta.json').read_text())
    comp = {'kc_to_kc_aa', 'kc_to_kc_dd', 'kc_to_kc_ad', 'kc_to_kc_da', 'kc_to_apl_da'}
    for sub in ('winding2023', 'winding2023_compartments'):
        (dst / sub).mkdir(parents=True, exist_ok=True)
    for name, (r, c) in meta['matrices'].items():
        m = np.fromfile(export / f'{name}.bin', dtype=np.float32).reshape(r, c)
        torch.save(torch.from_numpy(m.copy()), dst / ('winding2023_compartments' if name in comp else 'winding2023') / f'{name}.pt')
    or_to_orn = np.fromfile(export / 'or_to_orn.bin', dtype=np.float32).reshape(meta['orToOrnShape'])
    odors = np.fromfile(export / 'odors.bin', dtype=np.float32).reshape(meta['odors']['shape'])
    return meta, torch.from_numpy(or_to_orn.copy()), torch.from_numpy(odors.copy())


def reference_pieces(run_training: Path):
    """Constants, functions and statement blocks of run_training.py, as compiled code objects."""
    text = run_training.read_text()
    tree = ast.parse(text)
    consts, funcs = [], []
    for node in tree.body:
        if isinstance(node, ast.Assign) and all(isinstance(t, (ast.Name, ast.Tuple)) for t in node.targets):
            if '__file__' not in (ast.get_source_segment(text, node) or ''):
                consts.append(node)
        elif isinstance(node, ast.FunctionDef) and node.name in ('clamp_biological', 'get_param_groups'):
            funcs.append(node)
    tsm = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == 'train_single_model')
    body = tsm.body
    start = next(i for i, s in enumerate(body) if isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id == 'student' for t in s.targets))
    stop = next(i for i, s in enumerate(body) if isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id == 'optimizer' for t in s.targets))
    setup = body[start:stop + 1]
    epoch_loop = next(s for s in body if isinstance(s, ast.For) and isinstance(s.target, ast.Name) and s.target.id == 'epoch')
    batch_loop = next(s for s in epoch_loop.body if isinstance(s, ast.For))
    before_batches = epoch_loop.body[:epoch_loop.body.index(batch_loop)]
    mod = lambda stmts: compile(ast.Module(body=stmts, type_ignores=[]), str(run_training), 'exec')
    return [mod([c]) for c in consts] + [mod(funcs)], mod(setup), mod(before_batches), mod(batch_loop.body)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--reference', required=True, type=Path, help='checkout of InsectRobotics/connectome_emergence')
    ap.add_argument('--export', required=True, type=Path, help='folder written by export-circuit.mjs')
    ap.add_argument('--out', required=True, type=Path)
    a = ap.parse_args()
    code = a.reference / 'code'
    if not (code / 'core' / 'model.py').is_file() or not (code / 'scripts' / 'run_training.py').is_file():
        sys.exit(f'--reference {a.reference}: expected code/core/model.py and code/scripts/run_training.py; pass the root of a connectome_emergence checkout.')
    if not (a.export / 'meta.json').is_file():
        sys.exit(f'--export {a.export}: no meta.json; run scripts/reference-parity/export-circuit.mjs first.')
    sys.path.insert(0, str(code))
    from core.model import SpikingConnectomeConstrainedModel
    from core.layers import SpikingParams
    torch.set_num_threads(1)
    torch.manual_seed(0)

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        meta, or_to_orn, odors = write_reference_layout(a.export, data_dir)
        consts_funcs, setup, before_batches, batch_body = reference_pieces(code / 'scripts' / 'run_training.py')
        ns = {'np': np, 'torch': torch, 'F': F, 'SpikingParams': SpikingParams, 'SpikingConnectomeConstrainedModel': SpikingConnectomeConstrainedModel}
        for c in consts_funcs:
            try:
                exec(c, ns)
            except NameError:  # a module-level value built from something not loaded here
                pass
        ns['REALISTIC_PARAMS'] = dataclasses.replace(ns['REALISTIC_PARAMS'], circuit_noise_enabled=False)
        or_gains, apl_gain, w, b = fixed_setting()
        ns.update(data_dir=data_dir, n_odors=N_ODORS, teacher=SimpleNamespace(
            decoder=SimpleNamespace(weight=torch.from_numpy(w), bias=torch.from_numpy(b)),
            or_to_orn=SimpleNamespace(or_gains=torch.from_numpy(or_gains)),
            kc_layer=SimpleNamespace(apl=SimpleNamespace(apl_gain=torch.nn.Parameter(torch.tensor(apl_gain))))))
        exec(setup, ns)
        student = ns['student']
        with torch.no_grad():
            student.or_to_orn.mapping.copy_(or_to_orn)
        assert student.antennal_lobe.is_excitatory_ln.tolist() == [bool(x) for x in meta['isExcitatoryLn']], 'LN split differs'
        clip = torch.nn.utils.clip_grad_norm_
        norms = []
        torch.nn.utils.clip_grad_norm_ = lambda *p, **k: norms.append(float(clip(*p, **k))) or norms[-1]
        f32 = lambda v: [float(f'{x:.9g}') for x in v]

        def snap():
            d = {n: f32(p.detach().reshape(-1).tolist()) for n, p in student.named_parameters() if n != 'decoder.weight'}
            d['decoder.weight:sum'] = [float(student.decoder.weight.detach().double().sum())]
            return d
        out = {'producedBy': 'scripts/reference-parity/reference_steps.py (reference code from a checkout of InsectRobotics/connectome_emergence, run with Debian python3-torch ' + torch.__version__ + ')',
               'setting': {'epoch': EPOCH, 'batches': BATCHES, 'circuitNoise': False, 'orMapping': meta['orMapping']},
               'lr': {n: g['lr'] for (n, _), g in zip(student.named_parameters(), ns['optimizer'].param_groups)}, 'init': snap(), 'steps': []}
        for ids in BATCHES:
            ns['epoch'] = EPOCH
            exec(before_batches, ns)
            ns['bx'], ns['by'] = odors[ids].clone(), torch.tensor(ids)
            exec(batch_body, ns)
            loss = float(ns['ce_loss'] + ns['sp_w'] * ns['sp_loss'])
            out['steps'].append({'loss': loss, 'crossEntropy': float(ns['ce_loss']), 'gradNorm': norms[-1], 'params': snap()})
            print(f"step {len(out['steps'])}: loss {loss:.7f}, grad norm {norms[-1]:.5f}")
        torch.nn.utils.clip_grad_norm_ = clip
    tmp_out = a.out.with_name(a.out.name + '.tmp')
    line = lambda v: json.dumps(v, separators=(', ', ': '))
    body = ',\n'.join([f'  "producedBy": {line(out["producedBy"])}', f'  "setting": {line(out["setting"])}', f'  "lr": {line(out["lr"])}', f'  "init": {line(out["init"])}',
                        '  "steps": [\n' + ',\n'.join(f'    {line(st)}' for st in out['steps']) + '\n  ]'])
    tmp_out.write_text('{\n' + body + '\n}\n')
    tmp_out.replace(a.out)


if __name__ == '__main__':
    main()
