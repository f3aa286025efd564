using System.Diagnostics;
using Rapport.Core.Validation;

namespace Rapport.Core.Journeys;

/// <summary>
/// Checks the way through a journey's nodes: every edge and the start name a node, a response answer names a send node,
/// every node can be reached from the start, and no loop passes only nodes that do not wait (a contact would go round it
/// at once, forever). Each error names the path of the node or edge it is about.
/// </summary>
internal static class JourneyGraph
{
    /// <param name="nodes">Every node with its path ("nodes[3]"), in the order written, ids unique.</param>
    public static void Check(IReadOnlyList<(JourneyNode Node, string Path)> nodes, string start, FieldErrors errors)
    {
        var index = nodes.Select((n, i) => (n.Node.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        foreach (var (node, path) in nodes)
        {
            foreach (var (edge, to) in Edges(node).Where(e => !index.ContainsKey(e.To)))
            {
                errors.Add($"{path}.{edge}", $"no node '{to}'");
            }

            var answers = node is WaitForNode w ? w.Answers : [];
            for (var j = 0; j < answers.Count; j++)
            {
                if (answers[j] is ResponseAnswer r && !(index.TryGetValue(r.SendNode, out var k) && nodes[k].Node is SendNode))
                {
                    errors.Add($"{path}.answers[{j}].to", $"no send node '{r.SendNode}': a response answers a message the journey sent");
                }
            }
        }

        if (!index.TryGetValue(start, out var first))
        {
            errors.Add("start", $"no node '{start}'");
            return;
        }

        var reached = Reached(nodes, index, first);
        for (var i = 0; i < nodes.Count; i++)
        {
            if (!reached[i])
            {
                errors.Add(nodes[i].Path, "unreachable from the start");
            }
        }

        Loops(nodes, index, errors);
    }

    /// <summary>The edges of a node by their paths within it, as written in the JSON.</summary>
    private static IEnumerable<(string Path, string To)> Edges(JourneyNode node) => node switch
    {
        SendNode or WaitNode or HoldoutNode or ActionNode => node.Edges.Select(e => ("next", e.To)),
        WaitForNode w => [.. w.Answers.Select((a, i) => ($"answers[{i}].next", a.Next)), ("onTimeout", w.TimeoutNext)],
        BranchNode b => [.. b.Branches.Select((x, i) => ($"branches[{i}].next", x.Next)), ("default", b.Default)],
        SplitNode s => s.Variants.Select((v, i) => ($"variants[{i}].next", v.Next)),
        ExitNode => [],
        _ => throw new UnreachableException(),
    };

    private static bool[] Reached(IReadOnlyList<(JourneyNode Node, string Path)> nodes, Dictionary<string, int> index, int start)
    {
        var reached = new bool[nodes.Count];
        var next = new Stack<int>([start]);
        while (next.TryPop(out var i))
        {
            if (reached[i])
            {
                continue;
            }

            reached[i] = true;
            foreach (var (_, to) in Edges(nodes[i].Node))
            {
                if (index.TryGetValue(to, out var j) && !reached[j])
                {
                    next.Push(j);
                }
            }
        }

        return reached;
    }

    /// <summary>Each loop through nodes that do not wait, named at the edge that closes it: "a loop that never waits: a → b → a".</summary>
    private static void Loops(IReadOnlyList<(JourneyNode Node, string Path)> nodes, Dictionary<string, int> index, FieldErrors errors)
    {
        var done = new bool[nodes.Count];
        var way = new List<int>(); // the nodes from where the search began to where it is, none of which waits

        void Visit(int i)
        {
            way.Add(i);
            foreach (var (edge, to) in Edges(nodes[i].Node))
            {
                if (!index.TryGetValue(to, out var j) || nodes[j].Node.Waits || done[j])
                {
                    continue;
                }

                if (way.Contains(j))
                {
                    var loop = way.Skip(way.IndexOf(j)).Append(j).Select(k => nodes[k].Node.Id);
                    errors.Add($"{nodes[i].Path}.{edge}", $"a loop that never waits: {string.Join(" → ", loop)}");
                }
                else
                {
                    Visit(j);
                }
            }

            way.RemoveAt(way.Count - 1);
            done[i] = true;
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            if (!done[i] && !nodes[i].Node.Waits)
            {
                Visit(i);
            }
        }
    }
}
