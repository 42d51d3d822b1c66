namespace Survey.Tests.Infrastructure;

internal static class Repository
{
    /// <summary>The folder with Survey.sln, found from the test assembly's location.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Survey.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Survey.sln not found above " + AppContext.BaseDirectory);
    }
}
