using System.Net.Sockets;
using Npgsql;

namespace Dossier.Storage;

/// <summary>
/// The database server could not be reached or refused the connection, in words a person can act on: which
/// host and port, which user or database. Never the password. Raised at the storage edge so no caller needs
/// to know Npgsql's exceptions.
/// </summary>
public sealed class DatabaseUnavailableException : Exception
{
    public DatabaseUnavailableException()
    {
    }

    public DatabaseUnavailableException(string message)
        : base(message)
    {
    }

    public DatabaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static DatabaseUnavailableException From(NpgsqlException exception, NpgsqlConnectionStringBuilder target)
    {
        var where = $"PostgreSQL at {target.Host ?? "localhost"}:{target.Port}";
        var user = target.Username is { Length: > 0 } name ? $"'{name}'" : "(your login name)";
        var message = exception switch
        {
            // SQLSTATE classes 28 (authorization) and 3D (no such catalog): the server answered and said no.
            PostgresException { SqlState: "28P01" } => $"{where} refused the password of user {user}",
            PostgresException { SqlState: "28000" } refused => $"{where} refused user {user}: {refused.MessageText}",
            PostgresException { SqlState: "3D000" } => $"{where} has no database '{target.Database}' (user {user})",
            PostgresException other => $"{where} refused the connection as user {user} to database '{target.Database}': {other.SqlState} {other.MessageText}",
            _ when Find<SocketException>(exception) is { } socket => $"could not reach {where}: {socket.Message} ({socket.SocketErrorCode})",
            _ when Find<TimeoutException>(exception) is not null => $"could not reach {where}: no answer within {target.Timeout} s",
            _ => $"could not reach {where}: {exception.Message}",
        };
        return new DatabaseUnavailableException(message, exception);
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
