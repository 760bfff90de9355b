namespace SapSandbox.Core.Messages;

/// <summary>
/// The messages the request being answered has gathered so far. An endpoint opens the scope when a request
/// (or one operation of a batch) starts and writes what is in it with its answer; operations and entity set
/// behaviours add to it with <see cref="Add"/> wherever they run, without each hook needing a parameter for it.
/// Outside a request (seeding the store) there is no scope and messages go nowhere.
/// </summary>
public sealed class RequestMessages : IDisposable
{
    static readonly AsyncLocal<RequestMessages?> current = new();
    readonly RequestMessages? _outer;
    readonly List<SapMessage> _messages = [];

    RequestMessages(RequestMessages? outer) => _outer = outer;

    /// <summary>Opens the scope of one request; disposing it restores the enclosing one (a batch's).</summary>
    public static RequestMessages Begin() => current.Value = new RequestMessages(current.Value);

    /// <summary>The scope of the request being answered, if any.</summary>
    public static RequestMessages? Current => current.Value;

    /// <summary>Adds a message to the answer of the request being answered.</summary>
    public static void Add(SapMessage message) => current.Value?._messages.Add(message);

    public IReadOnlyList<SapMessage> All => _messages;

    /// <summary>Hands the messages over to the one writing them, so that nothing writes them twice.</summary>
    public IReadOnlyList<SapMessage> Take()
    {
        var taken = _messages.ToList();
        _messages.Clear();
        return taken;
    }

    public void Dispose() => current.Value = _outer;
}
