using Survey.Local;

// The same function classes as in Azure, served on http://127.0.0.1:7071 with Azurite when no
// storage is configured. `--urls` overrides the address. Bad configuration prints the sentences that
// say what to set, and the exit code is 1.
return await LocalRunner.RunAsync(args);
