using System.Diagnostics;

namespace Survey.Local;

/// <summary>The repository's Node.js tools (package.json: Azurite, MailDev), installed with npm on first use.</summary>
internal static class NodeTools
{
    // Two tools missing at once (a fresh clone's test run starts Azurite and MailDev together) must not
    // run two 'npm install' in one folder: the second waits and then finds its tool installed.
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>The path of <c>node_modules/.bin/{name}</c>, running <c>npm install</c> when it is missing.</summary>
    public static async Task<string> EnsureInstalledAsync(string repositoryRoot, string name, string needsNpm, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var executable = Path.Combine(repositoryRoot, "node_modules", ".bin", OperatingSystem.IsWindows() ? name + ".cmd" : name);
        if (File.Exists(executable))
        {
            return executable;
        }

        await Installing.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(executable))
            {
                progress($"{name} is not installed yet: running 'npm install' in {repositoryRoot} (first use only) ...");
                await NpmInstallAsync(repositoryRoot, needsNpm, cancellationToken);
                if (!File.Exists(executable))
                {
                    throw new InvalidOperationException($"'npm install' did not install {name}: is it in package.json?");
                }

                progress($"{name} installed.");
            }

            return executable;
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task NpmInstallAsync(string repositoryRoot, string needsNpm, CancellationToken cancellationToken)
    {
        var npm = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "install", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            npm.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(npm) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(needsNpm, exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"'npm install' failed (exit code {process.ExitCode}): {await error}{await output}");
            }
        }
    }
}
