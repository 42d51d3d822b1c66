using Survey.Local;

// The same function classes as in Azure, served on http://127.0.0.1:7071 with Azurite when no
// storage is configured. `--urls` overrides the address.
// Disposing the app stops the Azurite it started, also when the start fails (a port in use, say).
await using var app = await LocalRunner.BuildAsync(args);
await app.RunAsync();
