using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Operators;

/// <summary>
/// Every operator Neo implements, listed explicitly (no reflection), keyed by domain and op type.
/// The README's operator table is generated from this list.
/// </summary>
public sealed class OperatorRegistry
{
    private readonly Dictionary<(string Domain, string OpType), Operator> _byName = new();

    public OperatorRegistry(IEnumerable<Operator> operators)
    {
        foreach (Operator op in operators)
        {
            _byName[(op.Domain, op.OpType)] = op;
        }
    }

    /// <summary>The operators of this version of Neo.</summary>
    public static OperatorRegistry Default { get; } = new(OperatorList.All());

    public IEnumerable<Operator> All => _byName.Values.OrderBy(o => o.Domain, StringComparer.Ordinal).ThenBy(o => o.OpType, StringComparer.Ordinal);

    public Operator? Find(Node node) => Find(node.Domain, node.OpType);

    public Operator? Find(string domain, string opType) =>
        _byName.TryGetValue((domain is "ai.onnx" ? "" : domain, opType), out Operator? op) ? op : null;
}
