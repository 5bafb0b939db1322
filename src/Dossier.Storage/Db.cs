using System.Data.Common;

namespace Dossier.Storage;

/// <summary>Small ADO.NET helpers shared by both dialects. Parameters are always bound, never spliced into SQL.</summary>
internal static class Db
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // SQL text is a constant of ours; values are bound as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        Bind(command.Parameters, command.CreateParameter, parameters);
        return command;
    }

    /// <summary>Binds named values (null as DBNull) to a command's or a batch command's parameters.</summary>
    public static void Bind(DbParameterCollection into, Func<DbParameter> create, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            into.Add(parameter);
        }
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }
}
