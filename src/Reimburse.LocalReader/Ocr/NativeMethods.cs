using System.Runtime.InteropServices;

namespace Reimburse.LocalReader.Ocr;

/// <summary>Tesseract 5 C API (libtesseract.so.5). Only what the reader uses.</summary>
internal static partial class Tess
{
    private const string Lib = "libtesseract.so.5";

    public const int OemLstmOnly = 1;
    public const int OemTesseractOnly = 0;

    public const int PsmOsdOnly = 0;
    public const int PsmAuto = 3;
    public const int PsmSingleColumn = 4;
    public const int PsmSingleBlock = 6;
    public const int PsmSingleLine = 7;

    public const int LevelTextLine = 2;
    public const int LevelWord = 3;

    [LibraryImport(Lib)]
    public static partial IntPtr TessVersion();

    [LibraryImport(Lib)]
    public static partial IntPtr TessBaseAPICreate();

    [LibraryImport(Lib)]
    public static partial void TessBaseAPIDelete(IntPtr handle);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPIInit2(IntPtr handle, string dataPath, string language, int oem);

    [LibraryImport(Lib)]
    public static partial void TessBaseAPIEnd(IntPtr handle);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPISetVariable(IntPtr handle, string name, string value);

    [LibraryImport(Lib)]
    public static partial void TessBaseAPISetPageSegMode(IntPtr handle, int mode);

    [LibraryImport(Lib)]
    public static partial void TessBaseAPISetImage2(IntPtr handle, IntPtr pix);

    [LibraryImport(Lib)]
    public static partial void TessBaseAPISetSourceResolution(IntPtr handle, int ppi);

    [LibraryImport(Lib)]
    public static partial void TessBaseAPISetRectangle(IntPtr handle, int left, int top, int width, int height);

    [LibraryImport(Lib)]
    public static partial int TessBaseAPIRecognize(IntPtr handle, IntPtr monitor);

    [LibraryImport(Lib)]
    public static partial IntPtr TessBaseAPIGetUTF8Text(IntPtr handle);

    [LibraryImport(Lib)]
    public static partial int TessBaseAPIMeanTextConf(IntPtr handle);

    [LibraryImport(Lib)]
    public static partial IntPtr TessBaseAPIAllWordConfidences(IntPtr handle);

    [LibraryImport(Lib)]
    public static partial void TessDeleteText(IntPtr text);

    [LibraryImport(Lib)]
    public static partial void TessDeleteIntArray(IntPtr array);

    [LibraryImport(Lib)]
    public static partial void TessBaseAPIClear(IntPtr handle);

    [LibraryImport(Lib)]
    public static partial int TessBaseAPIDetectOrientationScript(IntPtr handle, out int orientationDegrees, out float orientationConfidence, out IntPtr scriptName, out float scriptConfidence);

    [LibraryImport(Lib)]
    public static partial IntPtr TessBaseAPIGetIterator(IntPtr handle);

    [LibraryImport(Lib)]
    public static partial void TessResultIteratorDelete(IntPtr iterator);

    [LibraryImport(Lib)]
    public static partial IntPtr TessResultIteratorGetPageIterator(IntPtr iterator);

    [LibraryImport(Lib)]
    public static partial IntPtr TessResultIteratorGetUTF8Text(IntPtr iterator, int level);

    [LibraryImport(Lib)]
    public static partial float TessResultIteratorConfidence(IntPtr iterator, int level);

    [LibraryImport(Lib)]
    public static partial int TessResultIteratorNext(IntPtr iterator, int level);

    [LibraryImport(Lib)]
    public static partial int TessPageIteratorBoundingBox(IntPtr iterator, int level, out int left, out int top, out int right, out int bottom);

    /// <summary>Copies a Tesseract-owned UTF-8 string and frees it.</summary>
    public static string TakeText(IntPtr text)
    {
        if (text == IntPtr.Zero)
        {
            return string.Empty;
        }
        try
        {
            return Marshal.PtrToStringUTF8(text) ?? string.Empty;
        }
        finally
        {
            TessDeleteText(text);
        }
    }
}

/// <summary>Leptonica (liblept.so.5): image decoding and the few transforms the reader and the corpus need.</summary>
internal static partial class Lept
{
    private const string Lib = "liblept.so.5";

    public const int FormatJpeg = 2;
    public const int FormatPng = 3;
    public const int FormatTiffLzw = 9;
    public const int RotateAreaMap = 1;
    public const int BringInWhite = 1;
    public const int SeverityNone = 6;

    [LibraryImport(Lib)]
    public static partial int setMsgSeverity(int severity);

    [LibraryImport(Lib)]
    public static unsafe partial IntPtr pixReadMem(byte* data, nuint size);

    [LibraryImport(Lib)]
    public static unsafe partial int pixReadHeaderMem(byte* data, nuint size, out int format, out int width, out int height, out int bitsPerSample, out int samplesPerPixel, out int colormap);

    [LibraryImport(Lib)]
    public static partial void pixDestroy(ref IntPtr pix);

    [LibraryImport(Lib)]
    public static partial int pixGetWidth(IntPtr pix);

    [LibraryImport(Lib)]
    public static partial int pixGetHeight(IntPtr pix);

    [LibraryImport(Lib)]
    public static partial int pixGetDepth(IntPtr pix);

    [LibraryImport(Lib)]
    public static partial int pixGetWpl(IntPtr pix);

    [LibraryImport(Lib)]
    public static partial IntPtr pixGetData(IntPtr pix);

    [LibraryImport(Lib)]
    public static partial int pixGetXRes(IntPtr pix);

    [LibraryImport(Lib)]
    public static partial int pixSetResolution(IntPtr pix, int xres, int yres);

    [LibraryImport(Lib)]
    public static partial IntPtr pixCreate(int width, int height, int depth);

    [LibraryImport(Lib)]
    public static partial IntPtr pixConvertTo8(IntPtr pix, int colormapFlag);

    [LibraryImport(Lib)]
    public static partial IntPtr pixConvertTo32(IntPtr pix);

    [LibraryImport(Lib)]
    public static partial IntPtr pixRotateOrth(IntPtr pix, int quads);

    [LibraryImport(Lib)]
    public static partial IntPtr pixRotate(IntPtr pix, float angle, int type, int incolor, int width, int height);

    [LibraryImport(Lib)]
    public static partial IntPtr pixFindSkewAndDeskew(IntPtr pix, int reductionSearch, out float angle, out float confidence);

    [LibraryImport(Lib)]
    public static partial IntPtr pixScale(IntPtr pix, float scaleX, float scaleY);

    [LibraryImport(Lib)]
    public static partial IntPtr pixAddGaussianNoise(IntPtr pix, float stdev);

    [LibraryImport(Lib)]
    public static partial IntPtr pixBlockconv(IntPtr pix, int halfWidth, int halfHeight);

    [LibraryImport(Lib)]
    public static partial IntPtr pixGammaTRC(IntPtr destination, IntPtr pix, float gamma, int minValue, int maxValue);

    [LibraryImport(Lib)]
    public static partial IntPtr pixProjectivePta(IntPtr pix, IntPtr destinationPoints, IntPtr sourcePoints, int incolor);

    [LibraryImport(Lib)]
    public static partial IntPtr pixThresholdToBinary(IntPtr pix, int threshold);

    [LibraryImport(Lib)]
    public static partial IntPtr pixOpenBrick(IntPtr destination, IntPtr pix, int horizontal, int vertical);

    [LibraryImport(Lib)]
    public static partial IntPtr pixCloseBrick(IntPtr destination, IntPtr pix, int horizontal, int vertical);

    [LibraryImport(Lib)]
    public static partial IntPtr pixDilateBrick(IntPtr destination, IntPtr pix, int horizontal, int vertical);

    [LibraryImport(Lib)]
    public static partial IntPtr pixOr(IntPtr destination, IntPtr pix1, IntPtr pix2);

    [LibraryImport(Lib)]
    public static partial int pixSetMasked(IntPtr pix, IntPtr mask, uint value);

    [LibraryImport(Lib)]
    public static partial int pixCountPixels(IntPtr pix, out int count, IntPtr table);

    [LibraryImport(Lib)]
    public static partial IntPtr boxCreate(int x, int y, int w, int h);

    [LibraryImport(Lib)]
    public static partial void boxDestroy(ref IntPtr box);

    [LibraryImport(Lib)]
    public static partial IntPtr pixClipRectangle(IntPtr pix, IntPtr box, IntPtr boxClipped);

    [LibraryImport(Lib)]
    public static partial IntPtr ptaCreate(int n);

    [LibraryImport(Lib)]
    public static partial int ptaAddPt(IntPtr pta, float x, float y);

    [LibraryImport(Lib)]
    public static partial void ptaDestroy(ref IntPtr pta);

    [LibraryImport(Lib)]
    public static partial int pixWriteMem(out IntPtr data, out nuint size, IntPtr pix, int format);

    [LibraryImport(Lib)]
    public static partial int pixWriteMemJpeg(out IntPtr data, out nuint size, IntPtr pix, int quality, int progressive);

    [LibraryImport(Lib)]
    public static partial void lept_free(IntPtr data);
}

/// <summary>libc, for the one environment variable that has to reach native code.</summary>
internal static partial class LibC
{
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr getenv(string name);

    /// <summary>Seeds the C library's rand(), which Leptonica's noise generator uses.</summary>
    [LibraryImport("libc")]
    public static partial void srand(uint seed);
}

/// <summary>libgomp: lets the reader check that OMP_THREAD_LIMIT reached OpenMP.</summary>
internal static partial class Gomp
{
    [LibraryImport("libgomp.so.1")]
    public static partial int omp_get_thread_limit();
}
