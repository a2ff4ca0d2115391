// The CLI's end-to-end tests spawn the built binary several times per test: jest's 5 s default
// failed a bad-input test on a loaded 2-core machine. Jest 30 honours `testTimeout` only globally,
// so the CLI project sets its own default here (setupFilesAfterEnv); tests that train set more.
jest.setTimeout(60_000);
