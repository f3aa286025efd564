namespace Rapport.Storage.Segments;

/// <summary>
/// What a query over many contacts needs of each one's events and value, read once per contact instead of
/// once per condition: every event condition becomes a column of one pass over the contact's tracked events
/// (<c>ev</c>), every value condition a column of their value row (<c>v</c>). <see cref="SegmentSql"/> fills it
/// while it compiles; <see cref="Joins"/> then gives the joins to put after <c>FROM contact c</c>. The ladder of
/// loyalty uses it: its rules test the same events and measures several times over (a buyer's stage read each
/// event of theirs up to five times before).
/// </summary>
internal sealed class ContactTotals(Dialect dialect)
{
    private readonly List<string> _columns = [];
    private readonly List<string> _eventNames = [];

    private bool _usesValue;

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
        _usesValue = true;
        return "v." + column;
    }

    /// <summary>
    /// On SQLite, the events of all the contacts asked about in one grouped pass, joined by contact. PostgreSQL reads
    /// each contact's events and value through its own index probe (LATERAL), whatever its statistics say: with
    /// statistics lagging behind ingest, it joined the grouped events and values by walking every value of the
    /// workspace for each contact (2.5 s for 5,000 contacts; see <see cref="RowOf"/>). The events are found by
    /// contact alone (a contact's events are all of its workspace): with the workspace too, it intersected each
    /// contact's few events with every event of the workspace (18 s for 4,400 contacts).
    /// </summary>
    /// <param name="events">On SQLite, which events of <c>event e</c> to read: the workspace's, or only the contacts asked about.</param>
    public string Joins(string events)
    {
        var names = string.Join(", ", _eventNames.Distinct());
        var columns = string.Join(", ", _columns);
        var onePass = (dialect, _columns.Count) switch
        {
            (_, 0) => "",
            (Dialect.Postgres, _) => $" LEFT JOIN LATERAL (SELECT {columns} FROM event e " +
                                     $"WHERE e.contact_id = c.id AND e.type = 'track' AND e.name IN ({names})) ev ON TRUE",
            _ => $" LEFT JOIN (SELECT e.contact_id, {columns} FROM event e WHERE {events} AND e.type = 'track' AND e.name IN ({names}) " +
                 "GROUP BY e.contact_id) ev ON ev.contact_id = c.id",
        };
        return (_usesValue ? RowOf(dialect, "contact_value", "v") : "") + onePass;
    }

    /// <summary>
    /// A left join of the contact's row in a table keyed by (workspace_id, contact_id), found by its key: on PostgreSQL
    /// an index probe per contact whatever the statistics say (LATERAL … OFFSET 0), as a planner that believes the
    /// table nearly empty walks all of the workspace's rows for each contact instead (1.3 s for 2,500 stages).
    /// </summary>
    public static string RowOf(Dialect dialect, string table, string alias) => dialect == Dialect.Postgres
        ? $" LEFT JOIN LATERAL (SELECT * FROM {table} {alias} WHERE {alias}.workspace_id = c.workspace_id AND {alias}.contact_id = c.id OFFSET 0) {alias} ON TRUE"
        : $" LEFT JOIN {table} {alias} ON {alias}.workspace_id = c.workspace_id AND {alias}.contact_id = c.id";
}
