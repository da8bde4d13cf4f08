using Reimburse.LocalReader.Images;

namespace Reimburse.LocalReader.Ocr;

/// <summary>A recognised word with its box (pixels) and Tesseract's confidence (0–100).</summary>
internal sealed record OcrWord(string Text, float Confidence, int Left, int Top, int Right, int Bottom)
{
    public int Height => Bottom - Top;

    public int CenterY => (Top + Bottom) / 2;
}

/// <summary>What Tesseract read on one image.</summary>
internal sealed record OcrPage(IReadOnlyList<OcrWord> Words, int MeanConfidence);

/// <summary>The page orientation Tesseract's OSD found: how far the page is turned clockwise (0, 90, 180, 270).</summary>
internal sealed record Orientation(int TurnedClockwise, float Confidence);

/// <summary>
/// One Tesseract instance (TessBaseAPI) initialised for a language. Not thread-safe: one document at a time,
/// which the <see cref="OcrEnginePool"/> guarantees. Initialisation loads the traineddata (tens of MB for jpn), which
/// is why engines are pooled and reused rather than created per document.
/// </summary>
internal sealed class TesseractEngine : IDisposable
{
    private IntPtr _handle;

    private TesseractEngine(IntPtr handle, string language)
    {
        _handle = handle;
        Language = language;
    }

    public string Language { get; }

    /// <summary>Creates and initialises an engine; throws when the traineddata cannot be loaded.</summary>
    /// <param name="dataPath">The tessdata folder.</param>
    /// <param name="language">"jpn", "jpn+eng" or "osd".</param>
    public static TesseractEngine Create(string dataPath, string language)
    {
        NativeLibraries.EnsureInitialized();
        var handle = Tess.TessBaseAPICreate();
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("TessBaseAPICreate failed.");
        }
        // OSD needs the legacy engine; recognition uses the LSTM engine only (better and faster for jpn).
        var oem = language == "osd" ? Tess.OemTesseractOnly : Tess.OemLstmOnly;
        if (Tess.TessBaseAPIInit2(handle, dataPath, language, oem) != 0)
        {
            Tess.TessBaseAPIDelete(handle);
            throw new InvalidOperationException($"Tesseract could not load '{language}' from {dataPath} (is tesseract-ocr-{language} installed?).");
        }
        // Tesseract prints debug lines to stderr otherwise.
        _ = Tess.TessBaseAPISetVariable(handle, "debug_file", "/dev/null");
        return new TesseractEngine(handle, language);
    }

    /// <summary>Recognises an image and returns its words with boxes and confidences.</summary>
    /// <param name="image">The image (8-bit gray works best).</param>
    /// <param name="resolution">Pixels per inch, for Tesseract's size heuristics.</param>
    /// <param name="pageSegMode">Tesseract page segmentation mode.</param>
    /// <param name="region">Only this rectangle (left, top, width, height), or the whole image.</param>
    public OcrPage Recognize(Pix image, int resolution, int pageSegMode, (int Left, int Top, int Width, int Height)? region = null)
    {
        ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
        Tess.TessBaseAPISetPageSegMode(_handle, pageSegMode);
        Tess.TessBaseAPISetImage2(_handle, image.Pointer);
        Tess.TessBaseAPISetSourceResolution(_handle, resolution);
        if (region is { } rect)
        {
            Tess.TessBaseAPISetRectangle(_handle, rect.Left, rect.Top, rect.Width, rect.Height);
        }
        try
        {
            if (Tess.TessBaseAPIRecognize(_handle, IntPtr.Zero) != 0)
            {
                return new OcrPage([], 0);
            }
            var words = new List<OcrWord>();
            var iterator = Tess.TessBaseAPIGetIterator(_handle);
            if (iterator != IntPtr.Zero)
            {
                try
                {
                    var page = Tess.TessResultIteratorGetPageIterator(iterator);
                    do
                    {
                        var text = Tess.TakeText(Tess.TessResultIteratorGetUTF8Text(iterator, Tess.LevelWord));
                        if (string.IsNullOrWhiteSpace(text))
                        {
                            continue;
                        }
                        var confidence = Tess.TessResultIteratorConfidence(iterator, Tess.LevelWord);
                        if (Tess.TessPageIteratorBoundingBox(page, Tess.LevelWord, out var l, out var t, out var r, out var b) != 0)
                        {
                            words.Add(new OcrWord(text.Trim(), confidence, l, t, r, b));
                        }
                    }
                    while (Tess.TessResultIteratorNext(iterator, Tess.LevelWord) != 0);
                }
                finally
                {
                    Tess.TessResultIteratorDelete(iterator);
                }
            }
            return new OcrPage(words, Tess.TessBaseAPIMeanTextConf(_handle));
        }
        finally
        {
            Tess.TessBaseAPIClear(_handle);
        }
    }

    /// <summary>Orientation and script detection; only on an engine created with language "osd".</summary>
    public Orientation? DetectOrientation(Pix image, int resolution)
    {
        ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
        Tess.TessBaseAPISetPageSegMode(_handle, Tess.PsmOsdOnly);
        Tess.TessBaseAPISetImage2(_handle, image.Pointer);
        Tess.TessBaseAPISetSourceResolution(_handle, resolution);
        try
        {
            if (Tess.TessBaseAPIDetectOrientationScript(_handle, out var degrees, out var confidence, out _, out _) == 0)
            {
                return null;
            }
            return new Orientation(degrees, confidence);
        }
        finally
        {
            Tess.TessBaseAPIClear(_handle);
        }
    }

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle != IntPtr.Zero)
        {
            Tess.TessBaseAPIEnd(handle);
            Tess.TessBaseAPIDelete(handle);
        }
    }
}
