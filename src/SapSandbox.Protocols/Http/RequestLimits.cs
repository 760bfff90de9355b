namespace SapSandbox.Protocols.Http;

/// <summary>SAP's limits on what one request may carry: the ICM's 50 MB body, and 1,000 operations in a <c>$batch</c>.</summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 50L * 1024 * 1024;
    public const int MaxBatchOperations = 1000;
}
