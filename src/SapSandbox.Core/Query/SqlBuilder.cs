using System.Text;
using SapSandbox.Core.Store;

namespace SapSandbox.Core.Query;

/// <summary>SQL text under construction with its positional parameters; every literal goes through <see cref="Parameter"/>.</summary>
public sealed class SqlBuilder(SqlDialect dialect)
{
    public SqlDialect Dialect => dialect;

    readonly StringBuilder _text = new();
    readonly List<object?> _parameters = [];
    int _aliases;

    public IReadOnlyList<object?> Parameters => _parameters;

    public SqlBuilder Append(string sql)
    {
        _text.Append(sql);
        return this;
    }

    /// <summary>Adds a parameter and returns its placeholder.</summary>
    public string Parameter(object? value)
    {
        _parameters.Add(value);
        return "$p" + (_parameters.Count - 1);
    }

    /// <summary>A table alias unique within this statement, for correlated subqueries.</summary>
    public string NextAlias() => "a" + ++_aliases;

    public override string ToString() => _text.ToString();
}
