using System.Text.Json.Nodes;

namespace Rapport.Engine.Tests.Journeys;

/// <summary>
/// Random valid journeys and what a few people do in them, from a seed: the same seed gives the same case on every
/// machine. Nodes are made one after another, each reached by an edge of a node made before it, so every node can be
/// reached and edges go forward; the only edges back are a wait's next (a wait of twelve hours or more, or until 09:00)
/// or a wait-for's timeout of six hours or more, so every loop waits and none goes round more than a few times in
/// the days a case lasts. Every wait-for
/// has a timeout. The people sign up (the trigger), answer at random times over four days, and some sign up twice.
/// </summary>
public static class RandomJourneys
{
    public const string Trigger = "Signed Up";

    /// <summary>What people answer with; actions emit them too, which answers the waits of the journey itself.</summary>
    public static readonly string[] Answers = ["Clicked", "Replied", "Booked"];

    private static readonly TimeSpan Length = TimeSpan.FromDays(4);

    public static JourneyCase Case(int seed)
    {
        var random = new Random(seed);
        var journey = new Graph(random).Build();
        var people = Enumerable.Range(0, random.Next(2, 5))
            .Select(_ => new CasePerson(Pick(random, ["UTC", "Europe/Warsaw", "America/New_York"]), Pick(random, ["gold", "silver", null]))).ToList();
        var events = people.SelectMany((_, i) => Events(random, i)).ToList();
        TimeSpan? tick = random.Next(3) == 0 ? TimeSpan.FromHours(Pick(random, [5, 24])) : null;
        return new JourneyCase(seed, journey, people, events, Length, tick);
    }

    /// <summary>One person's events, each at its own minute: a sign-up on the first day (the first person, and most others), maybe another later, and answers.</summary>
    private static IEnumerable<CaseEvent> Events(Random random, int person)
    {
        var minutes = (int)Length.TotalMinutes;
        var taken = new HashSet<int>();
        CaseEvent At(int minute, string name)
        {
            while (!taken.Add(minute))
            {
                minute = (minute + 1) % minutes;
            }

            return new CaseEvent(TimeSpan.FromMinutes(minute), person, name);
        }

        if (person == 0 || random.Next(6) > 0)
        {
            yield return At(random.Next(24 * 60), Trigger);
        }

        if (random.Next(4) == 0)
        {
            yield return At(random.Next(minutes), Trigger);
        }

        for (var n = random.Next(1, 7); n > 0; n--)
        {
            yield return At(random.Next(minutes), random.Next(8) == 0 ? "Browsed" : Pick(random, Answers));
        }
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>Builds the nodes; each edge not yet given a node is an open slot, filled by a later node, an exit, or a loop back.</summary>
    private sealed class Graph(Random random)
    {
        private readonly JsonArray _nodes = [];
        private readonly List<Slot> _open = [];
        private readonly List<string> _exits = [];

        /// <summary>An edge of node <paramref name="Owner"/> to be given its node; <paramref name="MayGoBack"/>: a long wait's, which may loop.</summary>
        private sealed record Slot(int Owner, bool MayGoBack, Action<string> Link);

        public JsonObject Build()
        {
            var size = random.Next(2, 10);
            while (_nodes.Count < size)
            {
                var id = $"n{_nodes.Count}";
                for (var links = _nodes.Count == 0 ? 0 : random.Next(3) == 0 ? 2 : 1; links > 0 && _open.Count > 0; links--)
                {
                    var slot = _open[random.Next(_open.Count)];
                    _open.Remove(slot);
                    slot.Link(id);
                }

                _nodes.Add(Node(id, _nodes.Count));
            }

            foreach (var slot in _open)
            {
                slot.Link(slot.MayGoBack && random.Next(3) > 0 ? $"n{random.Next(slot.Owner + 1)}" : Exit());
            }

            var journey = new JsonObject { ["name"] = "Random", ["topic"] = "news", ["triggers"] = new JsonArray(new JsonObject { ["event"] = Trigger }) };
            if (random.Next(3) == 0)
            {
                journey["entry"] = new JsonObject { ["again"] = "P1D" };
            }

            journey["nodes"] = _nodes;
            return journey;
        }

        private string Exit()
        {
            if (_exits.Count == 0 || random.Next(4) == 0)
            {
                _exits.Add($"end{_exits.Count}");
                _nodes.Add(new JsonObject { ["id"] = _exits[^1], ["type"] = "exit" });
                return _exits[^1];
            }

            return _exits[random.Next(_exits.Count)];
        }

        /// <summary>A node of a random kind (never an exit: those close the open edges), its edges left open.</summary>
        private JsonObject Node(string id, int index)
        {
            var node = new JsonObject { ["id"] = id };
            void Open(JsonObject holder, string edge, bool mayGoBack = false)
            {
                if (mayGoBack && _open.Count > 0 && random.Next(3) == 0)
                {
                    holder[edge] = $"n{random.Next(index + 1)}"; // a loop back, while other edges are left for the nodes to come
                    return;
                }

                _open.Add(new Slot(index, mayGoBack, to => holder[edge] = to));
            }

            switch (random.Next(14))
            {
                case < 3:
                    node["type"] = "send";
                    node["channel"] = "email";
                    node["content"] = new JsonObject { ["subject"] = $"About {id}", ["text"] = "Hello" };
                    Open(node, "next");
                    break;
                case < 5:
                    node["type"] = "wait";
                    var period = Pick(random, ["PT30M", "PT2H", "PT12H", "P1D", "09:00"]);
                    node[period == "09:00" ? "until" : "for"] = period == "09:00" ? new JsonObject { ["time"] = period } : period;
                    Open(node, "next", mayGoBack: period is "PT12H" or "P1D" or "09:00");
                    break;
                case < 8:
                    node["type"] = "waitFor";
                    var answers = new JsonArray();
                    foreach (var name in Answers.OrderBy(_ => random.Next()).Take(random.Next(1, 3)))
                    {
                        var answer = new JsonObject { ["event"] = name };
                        answers.Add(answer);
                        Open(answer, "next");
                    }

                    node["answers"] = answers;
                    var timeout = Pick(random, ["PT1H", "PT6H", "P1D", "P2D"]);
                    node["timeout"] = timeout;
                    Open(node, "onTimeout", mayGoBack: timeout != "PT1H");
                    break;
                case < 10:
                    node["type"] = "branch";
                    var branches = new JsonArray();
                    for (var b = random.Next(1, 3); b > 0; b--)
                    {
                        var branch = new JsonObject
                        {
                            ["condition"] = new JsonObject { ["trait"] = "traits.tier", ["op"] = Pick(random, ["eq", "neq"]), ["value"] = Pick(random, ["gold", "silver"]) },
                        };
                        branches.Add(branch);
                        Open(branch, "next");
                    }

                    node["branches"] = branches;
                    Open(node, "default");
                    break;
                case 10:
                    node["type"] = "split";
                    var first = random.Next(1, 100);
                    var variants = new JsonArray(new JsonObject { ["name"] = "a", ["weight"] = first }, new JsonObject { ["name"] = "b", ["weight"] = 100 - first });
                    foreach (var variant in variants.Cast<JsonObject>())
                    {
                        Open(variant, "next");
                    }

                    node["variants"] = variants;
                    break;
                case 11:
                    node["type"] = "holdout";
                    node["percent"] = Pick(random, [10, 50, 90]);
                    Open(node, "next");
                    break;
                default:
                    node["type"] = "action";
                    switch (random.Next(4))
                    {
                        case 0:
                            node["clearTrait"] = "traits.tier";
                            break;
                        case 1:
                            node["setTrait"] = new JsonObject { ["trait"] = "traits.tier", ["value"] = Pick(random, ["gold", "silver"]) };
                            break;
                        default:
                            node["emit"] = new JsonObject { ["event"] = Pick(random, [.. Answers, "Noted"]), ["properties"] = new JsonObject { ["by"] = id } };
                            break;
                    }

                    Open(node, "next");
                    break;
            }

            return node;
        }
    }
}
