namespace Survey.Functions.Catalogue;

/// <summary>Body of <c>POST /api/catalogue/plans/{planKey}/aliases</c>.</summary>
public sealed record AliasRequest(string? Alias);

/// <summary>Body of <c>POST /api/catalogue/plans/{planKey}/merge</c>: the plan whose reports move into the route's plan.</summary>
public sealed record MergeRequest(string? Source);

/// <summary>Body of <c>POST /api/catalogue/reconcile</c> and <c>/rebuild</c> (optional): one plan, or all.</summary>
public sealed record ReconcileRequest(string? PlanKey, bool? Repair);
