namespace Rapport.Storage;

/// <summary>
/// A transaction found that another writer changed what it had read (see <see cref="Database.WriteAsync{T}(Func{System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task{T}}, CancellationToken)"/>):
/// it is run again from the start, as for a deadlock or a serialization failure.
/// </summary>
internal sealed class LostRaceException(string message) : Exception(message);
