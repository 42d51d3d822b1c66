using Survey.Benchmarks.Measures;

namespace Survey.Benchmarks.Felt;

/// <summary>Ingest, aggregation and freshness of the app under the real host (the production path).</summary>
internal sealed record RealHostFigures(LoadFigure Enqueue, LoadFigure Ingest, DrainFigure Aggregation, FreshnessFigure Freshness);

/// <summary>What people feel (issue #18): each part is null when it could not run here, with the reason in <see cref="Notes"/>.</summary>
internal sealed record FeltFigures(
    TwoInstanceFigures TwoInstances,
    FreshnessFigure Freshness,
    RealHostFigures? RealHost,
    ColdStartFigures? ColdStart,
    PhoneFigures? Phone,
    IReadOnlyList<string> Notes);
