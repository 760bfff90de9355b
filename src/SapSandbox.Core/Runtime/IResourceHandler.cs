using System.Security.Claims;
using SapSandbox.Core.Store;
using SapSandbox.Core.Write;

namespace SapSandbox.Core.Runtime;

/// <summary>
/// Requests a service answers itself, ahead of the generic runtime: resources that take their instructions in the
/// query string and answer with statuses of their own, as Cloud Integration's keystore does
/// (<c>PUT CertificateResources('…')/$value?update=false&amp;returnKeystoreEntries=true</c> imports a certificate under a
/// new alias and answers 200 with every entry, or 204). A handler returns null for what it leaves to the runtime.
/// It runs in the request's store session, and a change (any method but GET and HEAD) in the request's transaction,
/// or the changeset's inside a <c>$batch</c>.
/// </summary>
public interface IResourceHandler
{
    ResourceAnswer? Handle(ResourceRequest request);
}

/// <summary>One request as a <see cref="IResourceHandler"/> sees it.</summary>
public sealed class ResourceRequest
{
    /// <summary>The method, a verb tunnelled in <c>X-HTTP-Method</c> already applied.</summary>
    public required string Method { get; init; }
    /// <summary>The path after the service root, percent-decoded, without the query (<c>KeystoreEntries('41')/Certificate/$value</c>).</summary>
    public required string Path { get; init; }
    /// <summary>The query options, decoded, by name (the last value of a repeated option).</summary>
    public required IReadOnlyDictionary<string, string> Query { get; init; }
    public string? ContentType { get; init; }
    /// <summary>The request body; empty for a read.</summary>
    public required byte[] Body { get; init; }
    /// <summary>The absolute URL of the service root the request came to, ending with '/' (for <c>__metadata</c> URIs).</summary>
    public required string ServiceRoot { get; init; }
    public required ServiceDefinition Service { get; init; }
    public required StoreSession Session { get; init; }
    public required EntityWriter Writer { get; init; }
    public ClaimsPrincipal? User { get; init; }

    public bool IsRead => Method is "GET" or "HEAD";
}

/// <summary>What a <see cref="IResourceHandler"/> answers, for the protocol to write.</summary>
public abstract record ResourceAnswer
{
    /// <summary>A body as it is (a certificate, a task id, or nothing at all: 202 and 204 with an empty body).</summary>
    public sealed record Content(int Status, string ContentType, byte[] Body) : ResourceAnswer;

    /// <summary>The answer a read of <paramref name="Path"/> (relative to the service root, with its query) would give, with <paramref name="Status"/>.</summary>
    public sealed record Read(string Path, int Status = 200) : ResourceAnswer;

    public static ResourceAnswer Empty(int status) => new Content(status, "", []);
}
