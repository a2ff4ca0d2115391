#!/usr/bin/env python3
"""Time the lateral-line reference (JulieGoulet2/LateralLine, Brian2) from a checkout given by
path: import its driver, choose Brian2's code-generation target, run its own CLI with the
baseline flags of the spec (section 1.7) for --trials training trials in a temporary folder,
and print one JSON line with the process's CPU time (children included: cython compiles) and
wall time. Nothing is fetched and nothing of the reference is copied."""
import argparse, json, os, resource, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument('--checkout', required=True)
ap.add_argument('--target', default='cython', choices=['cython', 'numpy'])
ap.add_argument('--trials', type=int, default=5)
a = ap.parse_args()
checkout = os.path.abspath(a.checkout)
sys.path.insert(0, checkout)
work = tempfile.mkdtemp(prefix='ll-ref-')
os.chdir(work)
os.environ.setdefault('MPLBACKEND', 'Agg')
import brian2 as b2  # noqa: E402
import ll_stdp_brian2 as ref  # noqa: E402
b2.prefs.codegen.target = a.target  # the driver sets 'numpy' at import; choose after it
flags = ('--mode ll_thesis --use-ll-mon-stdp --ll-mon-topo 0.2 --mon-ts-topo 0.2 --ll-mon-in-degree 10 '
         '--ll-mon-w-jitter-stdp-mv 8.0 --ll-mon-w-init-mv 10.0 --ll-mon-apre 0.010 --ll-mon-apost -0.0105 '
         '--ll-mon-wmax-mv 20.0 --ll-mon-homeo-eta 0.005 --mon-ts-homeo-eta 0.001 --mon-ts-gain-mv 220 '
         '--ts-local-inh-peak-mv 1.5 --bg-rate-mon-hz 18 --mon-global-inh-mv 1.8 --seed-start 123 '
         '--training-distance-min-cm 0.8 --training-distance-max-cm 0.8').split()
sys.argv = ['ll_stdp_brian2.py', *flags, '--n-training-trials', str(a.trials), '--run-name', 'bench']
w0 = time.perf_counter()
ref.main()
wall = time.perf_counter() - w0
me = resource.getrusage(resource.RUSAGE_SELF)
ch = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({'target': a.target, 'trials': a.trials, 'cpuS': me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime,
                  'wallS': wall, 'peakRssMb': me.ru_maxrss / 1024, 'brian2': b2.__version__}))
