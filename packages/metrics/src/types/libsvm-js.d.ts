/** Minimal typing of the parts of libsvm-js 0.2.1 used here (its asm build is synchronous once loaded). */
declare module 'libsvm-js/asm.js' {
  interface SvmOptions {
    type?: number | string;
    kernel?: number | string;
    cost?: number;
    tolerance?: number;
    shrinking?: boolean;
    quiet?: boolean;
  }
  class SVM {
    constructor(options?: SvmOptions);
    static readonly SVM_TYPES: { readonly C_SVC: string };
    static readonly KERNEL_TYPES: { readonly LINEAR: string };
    train(samples: number[][], labels: number[]): void;
    predict(samples: number[][]): number[];
    free(): void;
  }
  export = SVM;
}
