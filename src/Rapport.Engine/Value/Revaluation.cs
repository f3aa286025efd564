using System.Text.Json;
using Rapport.Core.Ports;
using Rapport.Core.Work;
using Rapport.Engine.Work;

namespace Rapport.Engine.Value;

/// <summary>Rating everyone anew on request: the work is recorded (done by whichever node's value worker takes it) and its answer awaited.</summary>
public sealed class Revaluation(IWorkStore work, WorkAnswers answers, TimeProvider clock)
{
    public async Task<Revalued> RequestAsync(int workspaceId, CancellationToken ct) =>
        await AnswerAsync(await work.RecordAsync(workspaceId, new RevalueRequested(), clock.GetUtcNow(), ct), ct);

    /// <summary>The answer of recorded <see cref="RevalueRequested"/> work, once it is done.</summary>
    public async Task<Revalued> AnswerAsync(long workId, CancellationToken ct) =>
        await answers.WaitAsync(workId, ct) is { } text ? JsonSerializer.Deserialize<Revalued>(text, JsonSerializerOptions.Web)! : new Revalued(0, 0);
}
