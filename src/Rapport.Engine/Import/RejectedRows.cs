using System.Globalization;
using CsvHelper;

namespace Rapport.Engine.Import;

/// <summary>The rejected rows of an import, as a CSV: line, reason, and the row exactly as it was.</summary>
internal sealed class RejectedRows(TextWriter writer) : IAsyncDisposable
{
    private readonly CsvWriter _csv = new(writer, CultureInfo.InvariantCulture, leaveOpen: true);
    private bool _started;

    public async Task AddAsync(long line, string reason, string raw)
    {
        if (!_started)
        {
            _csv.WriteField("line");
            _csv.WriteField("reason");
            _csv.WriteField("row");
            await _csv.NextRecordAsync();
            _started = true;
        }

        _csv.WriteField(line);
        _csv.WriteField(reason);
        _csv.WriteField(raw.TrimEnd('\r', '\n'));
        await _csv.NextRecordAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _csv.FlushAsync();
        await _csv.DisposeAsync();
    }
}
