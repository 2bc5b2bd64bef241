using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Support;

/// <summary>
/// Element types as the runtime's operator structs declare them: an operator supports a type exactly
/// when its struct implements the interface for it (IUnaryOperator for float32 and float16, computed in
/// float32; IUnaryOperator&lt;T&gt;, IBinaryOperator&lt;T&gt;, IComparison&lt;T&gt; for the others). Reading
/// the interfaces keeps what the compiler accepts and what the kernels compute from drifting apart.
/// </summary>
public static class KernelTypes
{
    private static readonly DataType[] Numbered =
    {
        DataType.Float32, DataType.Float64, DataType.Float16, DataType.Int64, DataType.Int32, DataType.Int16,
        DataType.Int8, DataType.UInt8, DataType.UInt16, DataType.UInt32, DataType.UInt64, DataType.Bool,
    };

    /// <summary>The element type stored as <paramref name="clr"/>, or null.</summary>
    public static DataType? FromClr(Type clr) => Numbered.Cast<DataType?>().FirstOrDefault(t => DataTypes.ClrType(t!.Value) == clr);

    /// <summary>The C# keyword (or <c>Half</c>) for a type, as plan expressions spell generic arguments.</summary>
    public static string PlanName(DataType t) => t switch
    {
        DataType.Float32 => "float",
        DataType.Float64 => "double",
        DataType.Float16 => "Half",
        DataType.Int64 => "long",
        DataType.Int32 => "int",
        DataType.Int16 => "short",
        DataType.Int8 => "sbyte",
        DataType.UInt8 => "byte",
        DataType.UInt16 or DataType.BFloat16 => "ushort",
        DataType.UInt32 => "uint",
        DataType.UInt64 => "ulong",
        DataType.Bool => "bool",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    /// <summary>
    /// A kernel call with explicit type arguments (<c>Logic.Compare&lt;float,Less&gt;</c>). Generated code passes
    /// arena tensors as <c>Span&lt;T&gt;</c>; C# 12 cannot infer T of a <c>ReadOnlySpan&lt;T&gt;</c> parameter from
    /// one, so kernels whose type parameters appear only in read-only inputs are called with them spelled out.
    /// </summary>
    public static string Call(string kernel, params string[] typeArguments) => kernel + "<" + string.Join(",", typeArguments) + ">";

    /// <summary>The types a unary operator struct computes.</summary>
    public static DataType[] Unary(Type op)
    {
        var r = new List<DataType>();
        if (typeof(IUnaryOperator).IsAssignableFrom(op))
        {
            r.Add(DataType.Float32);
            r.Add(DataType.Float16);
        }

        r.AddRange(Generic(op, typeof(IUnaryOperator<>)));
        return r.Distinct().ToArray();
    }

    /// <summary>The types <paramref name="op"/> implements <paramref name="genericInterface"/> for.</summary>
    public static DataType[] Generic(Type op, Type genericInterface) =>
        op.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == genericInterface)
            .Select(i => FromClr(i.GetGenericArguments()[0]))
            .Where(t => t is not null)
            .Select(t => t!.Value)
            .ToArray();

    /// <summary>The types a binary operator struct computes.</summary>
    public static DataType[] Binary(Type op) => Generic(op, typeof(IBinaryOperator<>));

    /// <summary>The types a comparison struct compares.</summary>
    public static DataType[] Comparison(Type op) => Generic(op, typeof(IComparison<>));

    /// <summary>Numeric types (every supported type but bool).</summary>
    public static DataType[] Numeric { get; } = Numbered.Where(t => t != DataType.Bool).ToArray();

    /// <summary>Every supported type.</summary>
    public static DataType[] All { get; } = Numbered;
}
