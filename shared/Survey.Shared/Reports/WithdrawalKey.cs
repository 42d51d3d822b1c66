namespace Survey.Shared.Reports;

/// <summary>
/// The service's withdrawal key (256 random bits), with which <see cref="WithdrawalCode"/> tags the codes it issues. It
/// lives in storage (<c>reportindex</c>, created by the first instance that needs it), so every instance and every
/// deployment on the account tags and checks codes alike and there is no setting to keep; each process reads it once.
/// Anyone who can read that table could forge a tag, but could as well write the rows a tag protects.
/// </summary>
internal sealed class WithdrawalKey(ReportIndex index) : IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private byte[]? _key;

    /// <summary>The key; the first call reads (or creates) it, a failed read is tried again by the next call.</summary>
    public async ValueTask<byte[]> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _key) is { } key)
        {
            return key;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _key ??= await index.ReadOrCreateWithdrawalKeyAsync(cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();
}
