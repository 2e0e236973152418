using System.Data.Common;
using System.Globalization;
using System.Text;

namespace RxAtlas.Warehouse.Sql;

/// <summary>Builds one parameterised statement: text is appended by the caller, every value goes in through
/// <see cref="Param"/> and comes out as a placeholder. Nothing from user input is ever concatenated.</summary>
public sealed class SqlText(ISqlDialect dialect)
{
    private readonly StringBuilder _text = new();
    private readonly List<(string Name, object? Value)> _parameters = [];

    public ISqlDialect Dialect => dialect;

    /// <summary>Appends trusted SQL text (identifiers and keywords chosen by code, never user input).</summary>
    public SqlText Append(string sql)
    {
        _text.Append(sql);
        return this;
    }

    /// <summary>Adds a parameter and returns its placeholder, to be embedded in text passed to <see cref="Append"/>.</summary>
    public string Param(object? value)
    {
        var name = "p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return dialect.Placeholder(name);
    }

    public override string ToString() => _text.ToString();

    /// <summary>Creates the command on <paramref name="connection"/> with the text and every parameter bound.</summary>
    public DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = _text.ToString();
        command.Transaction = transaction;
        foreach (var (name, value) in _parameters) command.Parameters.Add(dialect.CreateParameter(command, name, value));
        return command;
    }
}
