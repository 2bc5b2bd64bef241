using System;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Neo.Benchmarks.Trees;

/// <summary>
/// XGBoost's own predictor, in this process, through its C API (Debian's python3-xgboost ships
/// libxgboost): the model file loaded by XGBoosterLoadModel, nthread=1, and XGBoosterPredictFromDense, the
/// in-place prediction Python's <c>Booster.inplace_predict</c> calls. Running it in the same
/// BenchmarkDotNet run as Neo, one case right after the other, exposes both to the same machine load.
/// </summary>
public sealed unsafe class XGBoostNative : IDisposable
{
    private const string Library = "/usr/lib/x86_64-linux-gnu/libxgboost.so.0";

    private readonly IntPtr _booster;
    private readonly string _config;
    private readonly GCHandle _pin;
    private readonly string _array;

    public XGBoostNative(string modelPath, float[] features, int rows, int columns)
    {
        Check(XGBoosterCreate(null, 0, out _booster));
        Check(XGBoosterLoadModel(_booster, modelPath));
        Check(XGBoosterSetParam(_booster, "nthread", "1"));
        _pin = GCHandle.Alloc(features, GCHandleType.Pinned);
        _array = string.Create(CultureInfo.InvariantCulture, $"{{\"data\": [{_pin.AddrOfPinnedObject()}, true], \"shape\": [{rows}, {columns}], \"typestr\": \"<f4\", \"version\": 3}}");
        _config = "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false, \"missing\": NaN, \"cache_id\": 0}";
    }

    /// <summary>Predicts every row (what <c>Booster.inplace_predict</c> returns) and returns how many values it wrote.</summary>
    public ulong Predict(out float* result)
    {
        Check(XGBoosterPredictFromDense(_booster, _array, _config, IntPtr.Zero, out ulong* shape, out ulong dims, out result));
        ulong n = 1;
        for (ulong d = 0; d < dims; d++)
        {
            n *= shape[d];
        }

        return n;
    }

    public void Dispose()
    {
        XGBoosterFree(_booster);
        _pin.Free();
    }

    private static void Check(int status)
    {
        if (status != 0)
        {
            throw new InvalidOperationException("XGBoost: " + Marshal.PtrToStringUTF8(XGBGetLastError()));
        }
    }

    [DllImport(Library)]
    private static extern int XGBoosterCreate(IntPtr[]? dmats, ulong len, out IntPtr booster);

    [DllImport(Library)]
    private static extern int XGBoosterLoadModel(IntPtr booster, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport(Library)]
    private static extern int XGBoosterSetParam(IntPtr booster, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);

    [DllImport(Library)]
    private static extern int XGBoosterPredictFromDense(IntPtr booster, [MarshalAs(UnmanagedType.LPUTF8Str)] string arrayInterface, [MarshalAs(UnmanagedType.LPUTF8Str)] string config, IntPtr proxy, out ulong* shape, out ulong dims, out float* result);

    [DllImport(Library)]
    private static extern int XGBoosterFree(IntPtr booster);

    [DllImport(Library)]
    private static extern IntPtr XGBGetLastError();
}
