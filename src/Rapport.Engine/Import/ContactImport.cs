using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Rapport.Core.Contacts;
using Rapport.Core.Ports;
using Rapport.Core.Validation;

namespace Rapport.Engine.Import;

/// <summary>
/// Imports contacts from a CSV file of any size in constant memory: rows are read, checked and upserted
/// in batches (by externalId, else email, else phone). A bad row is written to the rejected rows with
/// its line number and reason (broken quoting, not UTF-8, invalid field); the good rows around it
/// are imported. A file without a header or key column stops at once with a clear message.
/// </summary>
public sealed class ContactImport(IContactImportStore store, ContactRules rules, TimeProvider clock)
{
    public const int BatchSize = 2000;

    /// <summary>What the decoder puts where bytes are not UTF-8: such a row is rejected, not stored garbled.</summary>
    private const char NotUtf8 = '\uFFFD';

    /// <param name="workspaceId">The workspace the contacts belong to.</param>
    /// <param name="csv">UTF-8 CSV with a header row (see <see cref="ImportColumns"/>).</param>
    /// <param name="rejected">Receives "line,reason,row" for every rejected row, after a header.</param>
    /// <param name="progress">Told after each batch.</param>
    /// <param name="ct">Stops between batches.</param>
    public async Task<ImportSummary> RunAsync(
        int workspaceId, Stream csv, TextWriter rejected, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        using var reader = new StreamReader(csv, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var badRow = false;
        using var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = _ => badRow = true,
            LineBreakInQuotedFieldIsBadData = true, // a stray quote must not swallow the rest of the file
        });
        if (await ReadAsync(parser) is not { } header)
        {
            throw new ImportException("The file is empty: it needs a header row, e.g. externalId,email,phone,firstName.");
        }

        var columns = ImportColumns.FromHeader(header);
        var nextLine = 1 + LinesIn(parser.RawRecord);
        var run = new Run(
            batch => store.UpsertAsync(workspaceId, batch, clock.GetUtcNow(), ct),
            progress, () => reader.BaseStream.CanSeek ? reader.BaseStream.Position : 0);
        await using var errors = new RejectedRows(rejected);
        try
        {
            while (await ReadAsync(parser) is { } record)
            {
                var line = nextLine; // counted here: the parser's own count drifts after a broken quote
                nextLine += LinesIn(parser.RawRecord);

                var fieldErrors = new FieldErrors();
                if (badRow)
                {
                    fieldErrors.Add("row", "cannot be read as CSV: a quote is not closed, or stands inside a cell");
                    badRow = false;
                }

                if (parser.RawRecord.Contains('\0', StringComparison.Ordinal))
                {
                    fieldErrors.Add("row", "contains the NUL character, which no field may hold");
                }

                if (parser.RawRecord.Contains(NotUtf8, StringComparison.Ordinal))
                {
                    fieldErrors.Add("row", "is not UTF-8 text: save the file as UTF-8 (\"CSV UTF-8\") and import this row again");
                }

                var row = rules.Normalize(columns.Read(record, fieldErrors), fieldErrors);
                if (fieldErrors.IsEmpty && HasKey(row, fieldErrors))
                {
                    await run.AddAsync(row);
                    continue;
                }

                await errors.AddAsync(line, fieldErrors.ToString(), parser.RawRecord);
                run.Summary.Rejected++;
            }
        }
        finally
        {
            await run.FlushAsync(); // also when reading fails: the good rows read so far are kept
        }

        return run.Summary;
    }

    private static int LinesIn(string rawRecord) => Math.Max(1, rawRecord.AsSpan().Count('\n'));

    private static async Task<string[]?> ReadAsync(CsvParser parser) => await parser.ReadAsync() ? parser.Record : null;

    private static bool HasKey(ContactChanges row, FieldErrors errors)
    {
        if (row.ExternalId.Or(null) is not null || row.Email.Or(null) is not null || row.Phone.Or(null) is not null)
        {
            return true;
        }

        errors.Add("row", "needs an externalId, email or phone to match or create a contact");
        return false;
    }

    /// <summary>
    /// The batch being filled, and the counts so far. A full batch is written while the next one is read
    /// and checked, so parsing and the database work side by side; at most one batch is being written.
    /// </summary>
    private sealed class Run(
        Func<IReadOnlyList<ContactChanges>, Task<ImportBatchSummary>> upsert, IProgress<ImportProgress>? progress, Func<long> position)
    {
        private List<ContactChanges> _batch = new(BatchSize);
        private Task _writing = Task.CompletedTask;

        public ImportSummary Summary { get; } = new();

        public async Task AddAsync(ContactChanges row)
        {
            _batch.Add(row);
            if (_batch.Count == BatchSize)
            {
                await _writing;
                var full = _batch;
                _batch = new List<ContactChanges>(BatchSize);
                _writing = Task.Run(() => WriteAsync(full));
            }
        }

        /// <summary>Writes what is left and waits for every write.</summary>
        public async Task FlushAsync()
        {
            await _writing;
            await WriteAsync(_batch);
            _batch = [];
        }

        private async Task WriteAsync(List<ContactChanges> batch)
        {
            if (batch.Count > 0)
            {
                var result = await upsert(batch);
                Summary.Created += result.Created;
                Summary.Updated += result.Updated;
            }

            progress?.Report(new ImportProgress(Summary.Rows, position()));
        }
    }
}
