declare const __CLI_VERSION__: string;

/** Version of @olfactory/cli, injected by tsup at build time ('0.0.0' when run from source). */
export const CLI_VERSION: string = typeof __CLI_VERSION__ === 'string' ? __CLI_VERSION__ : '0.0.0';
