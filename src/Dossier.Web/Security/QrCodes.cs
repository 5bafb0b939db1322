using QRCoder;

namespace Dossier.Web.Security;

/// <summary>QR codes drawn as SVG on the server, so enrolment needs no script and nothing from outside.</summary>
internal static class QrCodes
{
    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }
}
