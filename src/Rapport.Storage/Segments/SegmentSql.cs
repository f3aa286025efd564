using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Rapport.Core;
using Rapport.Core.Segments;
using Rapport.Core.Value;

namespace Rapport.Storage.Segments;

/// <summary>
/// Compiles a segment condition to one SQL predicate over <c>contact c</c> for a dialect, with every
/// value from the definition passed as a parameter (never spliced into the SQL). Means exactly what
/// <see cref="SegmentEvaluator"/> means; a differential test holds the two together. Given
/// <paramref name="totals"/>, event and value conditions read the columns it joins instead of a subquery each.
/// </summary>
internal sealed class SegmentSql(Dialect dialect, Func<string, SegmentDefinition?> segments, DateTimeOffset now, ContactTotals? totals = null)
{
    private const int MaxReferenceDepth = 20;
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["externalId"] = "c.external_id", ["email"] = "c.email", ["phone"] = "c.phone", ["locale"] = "c.locale",
        ["timeZone"] = "c.time_zone", ["postcode"] = "c.postcode", ["city"] = "c.city", ["country"] = "c.country",
    };

    private int _next;

    public DynamicParameters Parameters { get; } = new();

    /// <summary>The predicate; every leaf is made TRUE or FALSE (never NULL), so NOT means what it says.</summary>
    public string Compile(Condition condition) => Compile(condition, 0);

    private string Compile(Condition condition, int depth) => condition switch
    {
        AllOf all => "(" + string.Join(" AND ", all.Conditions.Select(c => Compile(c, depth))) + ")",
        AnyOf any => "(" + string.Join(" OR ", any.Conditions.Select(c => Compile(c, depth))) + ")",
        Not not => $"(NOT {Compile(not.Condition, depth)})",
        TraitCondition trait => Test(trait.Test, Value(trait.Field)),
        EventCondition e => Performed(e),
        ConsentCondition consent => $"EXISTS (SELECT 1 FROM subscription s WHERE s.workspace_id = c.workspace_id AND s.contact_id = c.id " +
                                     $"AND s.topic = {Add(consent.Topic)} AND s.channel = {Add(WireName.Of(consent.Channel))} AND s.status = 'subscribed')",
        BucketCondition b => $"((((c.id % {Buckets.Modulus} + {Buckets.Modulus}) % {Buckets.Modulus}) * {Buckets.Multiplier} % {Buckets.Modulus} " +
                             $"* {Buckets.Multiplier} % {Buckets.Modulus} % 100) BETWEEN {Add(b.From)} AND {Add(b.To)})",
        ReceivedCondition r => Received(r),
        MeasureCondition m => Measure(m),
        ValueGroupCondition g when totals is not null => $"COALESCE({totals.ValueColumn("value_group")} = {Add(WireName.Of(g.Group))}, FALSE)",
        ValueGroupCondition g => $"EXISTS (SELECT 1 FROM contact_value v WHERE v.workspace_id = c.workspace_id AND v.contact_id = c.id " +
                                 $"AND v.value_group = {Add(WireName.Of(g.Group))})",
        StageCondition s => $"(COALESCE((SELECT st.stage FROM contact_stage st WHERE st.workspace_id = c.workspace_id AND st.contact_id = c.id), 'suspect') " +
                             $"IN ({string.Join(", ", Enum.GetValues<LoyaltyStage>().Where(x => s.OrHigher ? x >= s.Stage : x == s.Stage).Select(x => Add(WireName.Of(x))))}))",
        SegmentCondition s => depth < MaxReferenceDepth && segments(s.SegmentKey) is { } other ? Compile(other.Condition, depth + 1) : "FALSE",
        _ => throw new UnreachableException(),
    };

    private JsonValueSql Value(string field) => Columns.TryGetValue(field, out var column)
        ? JsonValueSql.OfColumn(dialect, column)
        : JsonValueSql.OfPath(dialect, "c.traits", Path(field["traits.".Length..]));

    private string Performed(EventCondition e)
    {
        var (from, to) = e.Window is { } w ? SegmentEvaluator.Millis(w.Resolve(now)) : (long.MinValue, long.MaxValue);
        var filters = string.Concat(e.Where.Select(f => " AND " + Test(f.Test, JsonValueSql.OfPath(dialect, "e.properties", Path(f.Property)))));
        var window = $"e.timestamp >= {Add(from)} AND e.timestamp < {Add(to)}";
        if (totals is not null)
        {
            return Totalled(e, filters, window, from, to);
        }

        var events = $"FROM event e WHERE e.workspace_id = c.workspace_id AND e.contact_id = c.id AND e.type = 'track' AND e.name = {Add(e.EventName)}{filters}";
        return e.Occurrence switch
        {
            // On SQLite "at least once" and "never" only ask whether one exists: the search stops at the first event
            // found. PostgreSQL keeps the count: for EXISTS its planner may choose a plan it expects to stop early,
            // which stale statistics during heavy ingest make a poor bet (a stage refresh once took 9 s instead of 0.5).
            Occurrence.Count { Rule: CountRule.AtLeast, Times: 1 } when dialect == Dialect.Sqlite => $"EXISTS (SELECT 1 {events} AND {window})",
            Occurrence.Count { Rule: CountRule.AtMost or CountRule.Exactly, Times: 0 } when dialect == Dialect.Sqlite =>
                $"NOT EXISTS (SELECT 1 {events} AND {window})",
            Occurrence.Count count => $"((SELECT count(*) {events} AND {window}) {CountOperator(count.Rule)} {Add(count.Times)})",
            Occurrence.First => $"COALESCE((SELECT min(e.timestamp) {events}) BETWEEN {Add(from)} AND {Add(to - 1)}, FALSE)",
            Occurrence.Last => $"COALESCE((SELECT max(e.timestamp) {events}) BETWEEN {Add(from)} AND {Add(to - 1)}, FALSE)",
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>The event condition as a test of its column in <see cref="ContactTotals"/> (NULL: no such event).</summary>
    private string Totalled(EventCondition e, string filters, string window, long from, long to)
    {
        var name = Add(e.EventName);
        var matches = $"e.name = {name}{filters}";
        return e.Occurrence switch
        {
            Occurrence.Count count =>
                $"(COALESCE({totals!.EventColumn($"sum(CASE WHEN {matches} AND {window} THEN 1 ELSE 0 END)", name)}, 0) {CountOperator(count.Rule)} {Add(count.Times)})",
            Occurrence.First => $"COALESCE({totals!.EventColumn($"min(CASE WHEN {matches} THEN e.timestamp END)", name)} BETWEEN {Add(from)} AND {Add(to - 1)}, FALSE)",
            Occurrence.Last => $"COALESCE({totals!.EventColumn($"max(CASE WHEN {matches} THEN e.timestamp END)", name)} BETWEEN {Add(from)} AND {Add(to - 1)}, FALSE)",
            _ => throw new UnreachableException(),
        };
    }

    private string Received(ReceivedCondition r)
    {
        var (from, to) = r.Window is { } w ? SegmentEvaluator.Millis(w.Resolve(now)) : (long.MinValue, long.MaxValue);
        var topic = r.Topic is null ? "" : $" AND m.topic = {Add(r.Topic)}";
        var channel = r.Channel is { } ch ? $" AND m.channel = {Add(WireName.Of(ch))}" : "";
        return "EXISTS (SELECT 1 FROM message m WHERE m.workspace_id = c.workspace_id AND m.contact_id = c.id " +
               $"AND m.status IN ('sent', 'delivered'){topic}{channel} AND m.sent_at >= {Add(from)} AND m.sent_at < {Add(to)})";
    }

    /// <summary>A contact without a stored value has 0 of every measure.</summary>
    private string Measure(MeasureCondition m)
    {
        var column = JsonNamingPolicy.SnakeCaseLower.ConvertName(m.Measure.ToString());
        var op = m.Test.Operator switch
        {
            TestOperator.Eq => "=",
            TestOperator.Neq => "<>",
            TestOperator.Gt => ">",
            TestOperator.Gte => ">=",
            TestOperator.Lt => "<",
            TestOperator.Lte => "<=",
            _ => throw new UnreachableException(),
        };
        var stored = totals is not null
            ? totals.ValueColumn(column)
            : $"(SELECT v.{column} FROM contact_value v WHERE v.workspace_id = c.workspace_id AND v.contact_id = c.id)";
        return $"(COALESCE({stored}, 0) {op} {Add(Number(m.Test.Values[0]))})";
    }

    private static string CountOperator(CountRule rule) => rule switch
    {
        CountRule.AtLeast => ">=",
        CountRule.AtMost => "<=",
        CountRule.Exactly => "=",
        _ => throw new UnreachableException(),
    };

    private string Test(Test test, JsonValueSql v)
    {
        var sql = test.Operator switch
        {
            TestOperator.Eq => Equal(v, test.Values[0]),
            TestOperator.Neq => $"NOT {Equal(v, test.Values[0])}",
            TestOperator.In => "(" + string.Join(" OR ", test.Values.Select(x => Equal(v, x))) + ")",
            TestOperator.Contains => $"({v.IsString} AND {Position(v.Text, Add(Text(test.Values[0])))} > 0)",
            TestOperator.StartsWith => $"({v.IsString} AND substr({v.Text}, 1, length({Add(Text(test.Values[0]))})) = {Add(Text(test.Values[0]))})",
            TestOperator.Gt => Compare(v, ">", test.Values[0]),
            TestOperator.Gte => Compare(v, ">=", test.Values[0]),
            TestOperator.Lt => Compare(v, "<", test.Values[0]),
            TestOperator.Lte => Compare(v, "<=", test.Values[0]),
            TestOperator.Exists => v.Exists,
            TestOperator.Before => $"({Day(v)} AND substr({v.Text}, 1, 10) < {Add(ValueTests.Iso(test.Date!.Value))})",
            TestOperator.After => $"({Day(v)} AND substr({v.Text}, 1, 10) > {Add(ValueTests.Iso(test.Date!.Value))})",
            TestOperator.WithinLastDays => $"({Day(v)} AND substr({v.Text}, 1, 10) BETWEEN " +
                                           $"{Add(ValueTests.Iso(ValueTests.Today(now).AddDays(-test.Days!.Value)))} AND {Add(ValueTests.Iso(ValueTests.Today(now)))})",
            TestOperator.AnniversaryWithinDays => Anniversary(v, test.Days!.Value),
            _ => throw new UnreachableException(),
        };
        return $"COALESCE({sql}, FALSE)";
    }

    /// <summary>The value is compared first and its type checked after: most rows fail the comparison, and SQLite stops there.</summary>
    private string Equal(JsonValueSql v, JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => $"COALESCE(({v.Text} = {Add(value.GetValue<string>())} AND {v.IsString}), FALSE)",
        JsonValueKind.Number => $"COALESCE(({v.Number} = {Add(Number(value))} AND {v.IsNumber}), FALSE)",
        JsonValueKind.True or JsonValueKind.False => $"COALESCE({v.IsBoolean(value.GetValueKind() == JsonValueKind.True)}, FALSE)",
        _ => throw new UnreachableException(),
    };

    private string Compare(JsonValueSql v, string op, JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => $"({v.Text} {op} {Add(value.GetValue<string>())} AND {v.IsString})",
        JsonValueKind.Number => $"({v.Number} {op} {Add(Number(value))} AND {v.IsNumber})",
        _ => "FALSE",
    };

    private string Anniversary(JsonValueSql v, int days)
    {
        if (days >= 365)
        {
            return $"({Day(v)})";
        }

        var today = ValueTests.Today(now);
        var (start, end) = (ValueTests.Iso(today)[5..], ValueTests.Iso(today.AddDays(days))[5..]);
        var monthDay = $"substr({v.Text}, 6, 5)";
        var inWindow = string.CompareOrdinal(start, end) <= 0
            ? $"{monthDay} BETWEEN {Add(start)} AND {Add(end)}"
            : $"({monthDay} >= {Add(start)} OR {monthDay} <= {Add(end)})";
        return $"({Day(v)} AND {inWindow})";
    }

    /// <summary>A string that starts YYYY-MM-DD.</summary>
    private string Day(JsonValueSql v) => dialect == Dialect.Sqlite
        ? $"{v.IsString} AND {v.Text} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'"
        : $"{v.IsString} AND {v.Text} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}'";

    private string Position(string text, string part) => dialect == Dialect.Sqlite ? $"instr({text}, {part})" : $"strpos({text}, {part})";

    /// <summary>A dot path as each dialect takes it: '$."a"."b"' for SQLite's JSON functions, {a,b} for PostgreSQL's #> operator.</summary>
    private string Path(string dotted)
    {
        var steps = dotted.Split('.');
        return dialect == Dialect.Sqlite ? Add("$" + string.Concat(steps.Select(s => $".\"{s}\""))) : Add(steps);
    }

    private static string Text(JsonValue value) => value.GetValue<string>();

    private static double Number(JsonValue value) => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);

    private string Add(object value)
    {
        var name = "@s" + _next++.ToString(CultureInfo.InvariantCulture);
        Parameters.Add(name, value);
        return name;
    }
}
