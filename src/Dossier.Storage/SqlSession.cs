using System.Data.Common;

namespace Dossier.Storage;

/// <summary>
/// One connection and transaction, with each distinct SQL text prepared once and reused: appends and
/// rebuilds run the same few statements thousands of times, and re-parsing them dominated the cost.
/// </summary>
/// <remarks>
/// A buffered session (an append's, a rebuild's) holds the writes given to <see cref="WriteAsync"/> and sends them
/// together, in one round trip, when a driver can batch (Npgsql; ADR 1824): on PostgreSQL each statement was a round
/// trip, and those were most of an append's time. Every read of this session sends what is held first, so a read sees
/// every earlier write (a <see cref="ScalarAsync"/> query goes at the end of the same batch); so does <see cref="CommitAsync"/>.
/// On SQLite, which runs in the process, writes run at once.
/// </remarks>
internal sealed class SqlSession(DbConnection connection, DbTransaction transaction, bool buffered = false) : IAsyncDisposable
{
    /// <summary>How many held statements are sent at most in one batch: bounds the memory a large append holds.</summary>
    public const int BatchSize = 1000;

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly DbBatch? _batch = buffered && connection.CanCreateBatch ? connection.CreateBatch() : null;

    /// <summary>A write whose outcome nobody reads (no row count): held for the next batch when this session batches.</summary>
    public async Task WriteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        if (_batch is null)
        {
            await Prepare(sql, parameters).ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        Hold(sql, parameters);
        if (_batch.BatchCommands.Count >= BatchSize)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Sends the held writes, if any.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_batch is not null && _batch.BatchCommands.Count > 0)
        {
            await SendAsync(read: false, cancellationToken);
        }
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await FlushAsync(cancellationToken);
        return await Prepare(sql, parameters).ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        object? value;
        if (_batch is not null && _batch.BatchCommands.Count > 0)
        {
            // The query rides at the end of the held writes: one round trip for both, and it sees them.
            Hold(sql, parameters);
            value = await SendAsync(read: true, cancellationToken);
        }
        else
        {
            value = await Prepare(sql, parameters).ExecuteScalarAsync(cancellationToken);
        }

        return value is DBNull ? null : value;
    }

    /// <summary>A command for a query read row by row (the caller disposes it), after the held writes were sent.</summary>
    public async Task<DbCommand> QueryAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await FlushAsync(cancellationToken);
        return Db.Command(connection, transaction, sql, parameters);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private void Hold(string sql, (string Name, object? Value)[] parameters)
    {
        var command = _batch!.CreateBatchCommand();
#pragma warning disable CA2100 // SQL text is a constant of ours; values are bound as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        Db.Bind(command.Parameters, command.CreateParameter, parameters);
        _batch.BatchCommands.Add(command);
    }

    // Runs the held statements and empties the batch; with `read`, the last of them is a query whose first value is returned.
    private async Task<object?> SendAsync(bool read, CancellationToken cancellationToken)
    {
        var batch = _batch!;
        batch.Connection = connection;
        batch.Transaction = transaction;
        try
        {
            if (!read)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
                return null;
            }

            object? value = null;
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            // Only the query has result columns; the writes before it have none.
            do
            {
                if (reader.FieldCount > 0 && await reader.ReadAsync(cancellationToken))
                {
                    value = reader.GetValue(0);
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
            return value;
        }
        finally
        {
            batch.BatchCommands.Clear();
        }
    }

    private DbCommand Prepare(string sql, (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Db.Command(connection, transaction, sql, parameters);
            _commands[sql] = command;
            return command;
        }

        foreach (var (name, value) in parameters)
        {
            command.Parameters[name].Value = value ?? DBNull.Value;
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        _commands.Clear();
        if (_batch is not null)
        {
            await _batch.DisposeAsync();
        }
    }
}
