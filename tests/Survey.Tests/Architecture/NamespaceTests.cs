using Survey.Shared.Storage;
using Survey.Tests.Architecture.Planted.Left;

namespace Survey.Tests.Architecture;

public sealed class NamespaceTests
{
    private static readonly string Shared = typeof(StorageNames).Assembly.Location;

    [Fact]
    public void Shared_namespaces_use_each_other_without_a_cycle()
    {
        var read = NamespaceGraph.Read(Shared, "Survey.Shared");
        var cycles = NamespaceGraph.Cycles(read);

        Assert.True(read.Count > 10, $"read only {read.Count} namespaces");
        Assert.True(cycles.Count == 0, string.Join(Environment.NewLine, cycles.Select(c =>
            $"cycle: {string.Join(", ", c)}{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", NamespaceGraph.Explain(Shared, "Survey.Shared", c)))));
    }

    [Fact]
    public void Storage_uses_no_feature_namespace()
    {
        var graph = NamespaceGraph.Read(Shared, "Survey.Shared");

        Assert.Empty(graph["Survey.Shared.Storage"]);
    }

    [Fact]
    public void A_cycle_planted_between_two_namespaces_is_found_and_a_one_way_use_is_not()
    {
        var tests = typeof(PlantedLeft).Assembly.Location;
        var graph = NamespaceGraph.Read(tests, "Survey.Tests.Architecture.Planted");
        var cycles = NamespaceGraph.Cycles(graph);

        Assert.Contains("Survey.Tests.Architecture.Planted.Apart", graph["Survey.Tests.Architecture.Planted.Left"]);
        var cycle = Assert.Single(cycles);
        Assert.Equal(["Survey.Tests.Architecture.Planted.Left", "Survey.Tests.Architecture.Planted.Right"], cycle);
        Assert.Contains(NamespaceGraph.Explain(tests, "Survey.Tests.Architecture.Planted", cycle),
            line => line.StartsWith("Survey.Tests.Architecture.Planted.Right -> Survey.Tests.Architecture.Planted.Left: PlantedRight uses PlantedLeft", StringComparison.Ordinal));
    }

    [Fact]
    public void Cycles_in_a_written_graph_are_each_strongly_connected_set()
    {
        var graph = new Dictionary<string, IReadOnlySet<string>>
        {
            ["a"] = new HashSet<string> { "b" },
            ["b"] = new HashSet<string> { "c" },
            ["c"] = new HashSet<string> { "a", "d" },
            ["d"] = new HashSet<string> { "e" },
            ["e"] = new HashSet<string> { "d" },
            ["f"] = new HashSet<string> { "a" },
        };

        var cycles = NamespaceGraph.Cycles(graph);

        Assert.Equal(2, cycles.Count);
        Assert.Equal(["a", "b", "c"], cycles[0]);
        Assert.Equal(["d", "e"], cycles[1]);
    }
}
