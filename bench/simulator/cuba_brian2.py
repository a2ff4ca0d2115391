"""Brette et al. 2007 CUBA benchmark in Brian2 (the parameters of Brian2's examples/CUBA.py).

Run with Debian's python3-brian:  /usr/bin/python3 bench/simulator/cuba_brian2.py --target cython
Prints one JSON line: run time (wall and process CPU), the C++ standalone compile time
separately, the mean rate and the mean CV of inter-spike intervals (neurons with >= 3 spikes,
population standard deviation), the same statistics as spikeTrainStatistics in
@olfactory/neurons.
"""
import argparse
import json
import os
import resource
import sys
import tempfile
import time

import numpy as np


def statistics(i, t_steps, n, duration_s):
    order = np.lexsort((t_steps, i))
    i = i[order]
    t_steps = t_steps[order]
    cvs = []
    counts = np.bincount(i, minlength=n) if len(i) else np.zeros(n)
    for k in np.unique(i):
        s = t_steps[i == k]
        if len(s) >= 3:
            isi = np.diff(s).astype(np.float64)
            cvs.append(isi.std() / isi.mean())
    return {
        'meanRateHz': len(i) / n / duration_s,
        'meanCvIsi': float(np.mean(cvs)) if cvs else float('nan'),
        'neuronsInCv': len(cvs),
        'spikeCount': int(len(i)),
        'rateSdHz': float(np.std(counts / duration_s)),
        'cvIsiSd': float(np.std(cvs)) if cvs else float('nan'),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--target', choices=['cython', 'cpp_standalone'], required=True)
    parser.add_argument('--duration-s', type=float, default=10.0)
    parser.add_argument('--seed', type=int, default=1)
    args = parser.parse_args()

    import brian2
    from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, ms, mV, second, prefs, seed,
                        set_device, device, defaultclock)

    build_dir = None
    if args.target == 'cpp_standalone':
        build_dir = tempfile.mkdtemp(prefix='brian2-cuba-')
        set_device('cpp_standalone', directory=build_dir, build_on_run=False)
        prefs.devices.cpp_standalone.openmp_threads = 0
    else:
        prefs.codegen.target = 'cython'
    seed(args.seed)
    defaultclock.dt = 0.1 * ms

    taum = 20 * ms
    taue = 5 * ms
    taui = 10 * ms
    Vt = -50 * mV
    Vr = -60 * mV
    El = -49 * mV
    eqs = '''
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    '''
    P = NeuronGroup(4000, eqs, threshold='v>Vt', reset='v = Vr', refractory=5 * ms, method='exact')
    P.v = 'Vr + rand() * (Vt - Vr)'
    P.ge = 0 * mV
    P.gi = 0 * mV
    we = (60 * 0.27 / 10) * mV
    wi = (-20 * 4.5 / 10) * mV
    Ce = Synapses(P, P, on_pre='ge += we')
    Ci = Synapses(P, P, on_pre='gi += wi')
    Ce.connect('i<3200', p=0.02)
    Ci.connect('i>=3200', p=0.02)
    s_mon = SpikeMonitor(P)
    net = Network(P, Ce, Ci, s_mon)
    duration = args.duration_s * second

    out = {'engine': f'brian2 {brian2.__version__} {args.target}', 'durationS': args.duration_s, 'neurons': 4000}
    if args.target == 'cython':
        # warm-up: compile (or load from the cache) every code object outside the timed run
        net.store()
        t0 = time.perf_counter()
        net.run(1 * ms)
        out['warmupCompileS'] = time.perf_counter() - t0
        net.restore()
        c0 = time.process_time()
        t0 = time.perf_counter()
        net.run(duration)
        out['runWallS'] = time.perf_counter() - t0
        out['runCpuS'] = time.process_time() - c0
        out['synapses'] = int(len(Ce) + len(Ci))
    else:
        net.run(duration)
        t0 = time.perf_counter()
        device.build(directory=build_dir, compile=True, run=False)
        out['compileS'] = time.perf_counter() - t0
        t0 = time.perf_counter()
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        device.run(directory=build_dir, with_output=False, run_args=[])
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        out['binaryWallS'] = time.perf_counter() - t0
        # CPU time of the whole binary (loading arrays, the run, writing results): an upper bound on the loop's CPU time
        out['binaryCpuS'] = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        out['runWallS'] = float(device._last_run_time)  # Brian2's own timing of the simulation loop
        out['synapses'] = int(len(Ce) + len(Ci))
    i = np.asarray(s_mon.i[:])
    t_steps = np.round(np.asarray(s_mon.t[:] / ms) / 0.1).astype(np.int64)
    out.update(statistics(i, t_steps, 4000, args.duration_s))
    print(json.dumps(out))


if __name__ == '__main__':
    main()
