using System;
using System.Numerics;
using System.Reflection;
using Neo.Compiler.IR;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Support;

/// <summary>
/// Constant folding by running the very kernels the generated code calls, on arrays: build-time and
/// run-time arithmetic cannot disagree. Kernels are generic over the element type, so each entry point
/// here instantiates one for the tensor's CLR type (the compiler may use reflection; the runtime does not).
/// </summary>
public static class KernelFolding
{
    /// <summary>y = op(x) elementwise; <paramref name="op"/> is a runtime operator struct.</summary>
    public static TensorData Unary(TensorData x, object op)
    {
        TensorData y = TensorData.Create(x.Type, x.Shape);
        switch (x.Type)
        {
            case DataType.Float32:
                Call(nameof(UnaryFloat), new[] { op.GetType() }, x.Data, y.Data, op);
                break;
            case DataType.Float16:
                Call(nameof(UnaryHalf), new[] { op.GetType() }, x.Data, y.Data, op);
                break;
            default:
                Call(nameof(UnaryTyped), new[] { Clr(x), op.GetType() }, x.Data, y.Data, op);
                break;
        }

        return y;
    }

    /// <summary>y = op(a, b) with broadcasting to <paramref name="shape"/>.</summary>
    public static TensorData Binary(TensorData a, TensorData b, object op, int[] shape)
    {
        TensorData y = TensorData.Create(a.Type, shape);
        (int[] s, int[] sa, int[] sb) = MultiBroadcast.Plan(shape, a.Shape, b.Shape);
        Call(nameof(BinaryTyped), new[] { Clr(a), op.GetType() }, a.Data, b.Data, y.Data, s, sa, sb, op);
        return y;
    }

    /// <summary>y = compare(a, b) as bools, with broadcasting to <paramref name="shape"/>.</summary>
    public static TensorData Compare(TensorData a, TensorData b, object op, int[] shape)
    {
        TensorData y = TensorData.Create(DataType.Bool, shape);
        (int[] s, int[] sa, int[] sb) = MultiBroadcast.Plan(shape, a.Shape, b.Shape);
        Call(nameof(CompareTyped), new[] { Clr(a), op.GetType() }, a.Data, b.Data, y.Data, s, sa, sb, op);
        return y;
    }

    /// <summary>y = test(x) as bools.</summary>
    public static TensorData Test(TensorData x, object test)
    {
        TensorData y = TensorData.Create(DataType.Bool, x.Shape);
        Call(nameof(TestTyped), new[] { Clr(x), test.GetType() }, x.Data, y.Data, test);
        return y;
    }

    /// <summary>A strided copy of <paramref name="x"/> (see <see cref="Strided.Copy{T}"/>).</summary>
    public static TensorData Strided(TensorData x, int[] outShape, int[] shape, int[] strides, int offset)
    {
        TensorData y = TensorData.Create(x.Type, outShape);
        Call(nameof(StridedTyped), new[] { Clr(x) }, x.Data, y.Data, shape, strides, offset);
        return y;
    }

    /// <summary>A reduction (see <see cref="Reduce.Run{T, TReducer}"/>).</summary>
    public static TensorData Reduce(TensorData x, int[] outShape, int[] keptShape, int[] keptStrides, int[] reducedShape, int[] reducedStrides, object reducer)
    {
        TensorData y = TensorData.Create(x.Type, outShape);
        Call(nameof(ReduceTyped), new[] { Clr(x), reducer.GetType() }, x.Data, y.Data, keptShape, keptStrides, reducedShape, reducedStrides, reducer);
        return y;
    }

    /// <summary>Converts every element to <paramref name="to"/> with the runtime's Cast semantics.</summary>
    public static TensorData Cast(TensorData x, DataType to)
    {
        TensorData y = TensorData.Create(to, x.Shape);
        if (x.Type == DataType.Bool)
        {
            Call(nameof(CastFromBool), new[] { DataTypes.ClrType(to) }, x.Data, y.Data);
        }
        else if (to == DataType.Bool)
        {
            Call(nameof(CastToBool), new[] { Clr(x) }, x.Data, y.Data);
        }
        else
        {
            Call(nameof(CastTyped), new[] { Clr(x), DataTypes.ClrType(to) }, x.Data, y.Data);
        }

        return y;
    }

    private static Type Clr(TensorData t) => DataTypes.ClrType(t.Type);

    private static void Call(string method, Type[] typeArguments, params object[] args)
    {
        MethodInfo m = typeof(KernelFolding).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(typeArguments);
        try
        {
            m.Invoke(null, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }

    private static void UnaryFloat<TOp>(float[] x, float[] y, TOp op)
        where TOp : struct, IUnaryOperator => Neo.Runtime.Kernels.Elementwise.Unary<TOp>(x, y, op);

    private static void UnaryHalf<TOp>(Half[] x, Half[] y, TOp op)
        where TOp : struct, IUnaryOperator => Numeric.UnaryHalf(x, y, op);

    private static void UnaryTyped<T, TOp>(T[] x, T[] y, TOp op)
        where TOp : struct, IUnaryOperator<T> => Numeric.Unary<T, TOp>(x, y, op);

    private static void BinaryTyped<T, TOp>(T[] a, T[] b, T[] y, int[] shape, int[] sa, int[] sb, TOp op)
        where TOp : struct, IBinaryOperator<T> => Neo.Runtime.Kernels.Elementwise.BinaryBroadcast<T, TOp>(a, b, y, shape, sa, sb, op);

    private static void CompareTyped<T, TOp>(T[] a, T[] b, bool[] y, int[] shape, int[] sa, int[] sb, TOp op)
        where TOp : struct, IComparison<T> => Neo.Runtime.Kernels.Logic.Compare<T, TOp>(a, b, y, shape, sa, sb, op);

    private static void TestTyped<T, TOp>(T[] x, bool[] y, TOp test)
        where TOp : struct, IPredicate<T> => Numeric.Test<T, TOp>(x, y, test);

    private static void StridedTyped<T>(T[] x, T[] y, int[] shape, int[] strides, int offset) => Neo.Runtime.Kernels.Strided.Copy<T>(x, y, shape, strides, offset);

    private static void ReduceTyped<T, TReducer>(T[] x, T[] y, int[] keptShape, int[] keptStrides, int[] reducedShape, int[] reducedStrides, TReducer reducer)
        where T : INumberBase<T>
        where TReducer : struct, IReducer => Neo.Runtime.Kernels.Reduce.Run<T, TReducer>(x, y, keptShape, keptStrides, reducedShape, reducedStrides, reducer);

    private static void CastTyped<TFrom, TTo>(TFrom[] x, TTo[] y)
        where TFrom : INumberBase<TFrom>
        where TTo : INumberBase<TTo> => Conversion.Cast<TFrom, TTo>(x, y);

    private static void CastFromBool<TTo>(bool[] x, TTo[] y)
        where TTo : INumberBase<TTo> => Conversion.Cast<TTo>(x, y);

    private static void CastToBool<TFrom>(TFrom[] x, bool[] y)
        where TFrom : INumberBase<TFrom> => Conversion.Cast<TFrom>(x, y);
}
