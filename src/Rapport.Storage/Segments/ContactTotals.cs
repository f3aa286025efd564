namespace Rapport.Storage.Segments;

/// <summary>
/// What a query over many contacts needs of each one's events and value, read once per contact instead of
/// once per condition: every event condition becomes a column of one grouped pass over the contacts'
/// tracked events (<c>ev</c>), every value condition a column of their joined value row (<c>v</c>).
/// <see cref="SegmentSql"/> fills it while it compiles; <see cref="Joins"/> then gives the joins to put
/// after <c>FROM contact c</c>. The ladder of loyalty uses it: its rules test the same events and measures
/// several times over (a buyer's stage read each event of theirs up to five times before).
/// </summary>
internal sealed class ContactTotals
{
    private readonly List<string> _columns = [];
    private readonly List<string> _eventNames = [];

    public bool UsesValue { get; private set; }

    /// <summary>Adds a column over the events named by the parameter <paramref name="eventName"/>; returns how to read it.</summary>
    public string EventColumn(string aggregate, string eventName)
    {
        var column = "t" + _columns.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _columns.Add($"{aggregate} AS {column}");
        _eventNames.Add(eventName);
        return "ev." + column;
    }

    /// <summary>A column of the contact's value row (NULL when they have none).</summary>
    public string ValueColumn(string column)
    {
        UsesValue = true;
        return "v." + column;
    }

    /// <param name="events">Which events of <c>event e</c> to read: the workspace's, or only the contacts asked about.</param>
    public string Joins(string events)
    {
        var value = UsesValue ? " LEFT JOIN contact_value v ON v.workspace_id = c.workspace_id AND v.contact_id = c.id" : "";
        var totals = _columns.Count == 0
            ? ""
            : $" LEFT JOIN (SELECT e.contact_id, {string.Join(", ", _columns)} FROM event e " +
              $"WHERE {events} AND e.type = 'track' AND e.name IN ({string.Join(", ", _eventNames.Distinct())}) " +
              "GROUP BY e.contact_id) ev ON ev.contact_id = c.id";
        return value + totals;
    }
}
