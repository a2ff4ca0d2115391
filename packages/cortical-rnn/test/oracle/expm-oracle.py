# Oracle values for the cortical-rnn tests, computed once with Debian's /usr/bin/python3
# (SciPy 1.10.1, numpy 1.24.2):  /usr/bin/python3 expm-oracle.py
import json, numpy as np, scipy.linalg as sl
A = np.array([[0.1, 0.4, -0.2, 0.0], [0.3, -0.5, 0.1, 0.2], [0.0, 0.2, 0.3, -0.4], [0.6, 0.0, 0.1, 0.2]])
B = 3.0 * A  # norm above theta_13 after scaling: exercises squaring
G = np.array([[1.0, -0.5, 0.2, 0.0], [0.3, 0.7, -0.1, 0.4], [0.0, 0.2, -0.6, 0.1], [0.5, 0.0, 0.3, -0.2]])
W = np.array([[0.0, 0.5, -0.2, 0.1, 0.3], [0.4, 0.1, 0.0, -0.3, 0.2], [0.2, 0.2, 0.3, 0.0, -0.1], [-0.1, 0.0, 0.4, 0.2, 0.5], [0.3, -0.2, 0.1, 0.6, 0.0]])
def comm(W):
    a = np.abs(W); d = np.diag(a.sum(1) ** -0.5); c = sl.expm(d @ a @ d); np.fill_diagonal(c, 0); return c
M = np.array([[0.2, 0.5, 0.1], [0.4, 0.1, 0.3], [0.05, 0.6, 0.2]])
out = dict(A=A.tolist(), expmA=sl.expm(A).tolist(), expm3A=sl.expm(B).tolist(), G=G.tolist(),
           gradSumGExpmA=sl.expm_frechet(A.T, G, compute_expm=False).tolist(),
           W=W.tolist(), commW=comm(W).tolist(), M=M.tolist(), rhoM=float(np.max(np.abs(np.linalg.eigvals(M)))))
print(json.dumps(out))
