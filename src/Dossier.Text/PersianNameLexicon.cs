namespace Dossier.Text;

/// <summary>What part of a name a lexicon entry is.</summary>
public enum NamePartKind
{
    /// <summary>A man's given name.</summary>
    MaleGiven,

    /// <summary>A woman's given name.</summary>
    FemaleGiven,

    /// <summary>A family name.</summary>
    Family,

    /// <summary>A prefix that joins a family or given name (Pour-, Mir-, Seyed).</summary>
    Prefix,

    /// <summary>A suffix that joins a family name (-zadeh, -pour, -nejad).</summary>
    Suffix,
}

/// <summary>One common Iranian name part: its Persian spelling, its usual romanisation and other
/// spellings found in lists and the press.</summary>
public sealed record PersianNamePart(string Persian, string Romanized, IReadOnlyList<string> Variants, NamePartKind Kind);

/// <summary>
/// A curated list of common Iranian name parts, written for this project. The romaniser uses it to give
/// the usual spelling of known words (Persian script leaves short vowels unwritten); the phonetic key
/// uses the variant spellings that its rules cannot reach (Arabic-style Muhammad, Husain); the synthetic
/// list generator draws names from it.
/// </summary>
public static class PersianNameLexicon
{
    // Persian | usual romanisation | other spellings (comma separated) | kind (M F L P S).
    private const string Data = """
        محمد|mohammad|muhammad,mohamad,mohammed,mohamed,muhamad,mohamad|M
        علی|ali|aly|M
        حسین|hossein|hosein,hussein,husain,husayn,hoseyn,hosseyn,husein|M
        حسن|hassan|hasan|M
        رضا|reza|rza|M
        مهدی|mehdi|mahdi|M
        احمد|ahmad|ahmed|M
        محمود|mahmoud|mahmud,mahmood|M
        مصطفی|mostafa|mustafa,moustafa,mostapha|M
        مرتضی|morteza|murtaza,mortaza|M
        مجتبی|mojtaba|mujtaba|M
        حمید|hamid|hameed|M
        حامد|hamed||M
        سعید|saeed|said,saied,saeid,sayeed|M
        جواد|javad|djavad,jawad|M
        ابراهیم|ebrahim|ibrahim|M
        اسماعیل|esmaeil|esmail,ismail,esmaeel|M
        یوسف|yousef|yusuf,yousof,yusef,youssef|M
        داوود|davoud|davood,davud,daud,dawood|M
        عباس|abbas||M
        اکبر|akbar||M
        اصغر|asghar|asqar|M
        جعفر|jafar|jaafar,jaffar,ja'far|M
        کاظم|kazem|kazim|M
        قاسم|ghasem|qasem,qasim,ghassem|M
        مسعود|masoud|masood,masud|M
        منصور|mansour|mansoor,mansur|M
        مجید|majid|majeed|M
        ناصر|naser|nasser|M
        بهروز|behrouz|behrooz,behruz|M
        بهزاد|behzad||M
        فرهاد|farhad||M
        فریدون|fereydoun|fereydoon,fereidoun,feridun|M
        کامران|kamran||M
        کوروش|kourosh|kurosh,koorosh|M
        داریوش|dariush|daryoush,daryush|M
        سیروس|sirous|siroos,sirus|M
        هوشنگ|houshang|hushang,hooshang|M
        جمشید|jamshid|djamshid|M
        پرویز|parviz|parwiz|M
        منوچهر|manouchehr|manuchehr,manoochehr|M
        بیژن|bijan|bizhan,bejan|M
        ایرج|iraj||M
        امیر|amir||M
        نادر|nader|nadir|M
        رحیم|rahim|raheem|M
        کریم|karim|kareem|M
        رسول|rasoul|rasul,rasool|M
        ولی|vali|wali|M
        نعمت|nemat|neamat|M
        هادی|hadi||M
        مهرداد|mehrdad||M
        شاهرخ|shahrokh|shahrukh|M
        شهرام|shahram||M
        محسن|mohsen|muhsin,mohsin|M
        یحیی|yahya|yahia|M
        موسی|mousa|musa,moosa|M
        عیسی|isa|eisa,issa|M
        صادق|sadegh|sadeq,sadiq|M
        باقر|bagher|baqer,baqir|M
        تقی|taghi|taqi|M
        نقی|naghi|naqi|M
        جلال|jalal|djalal|M
        کمال|kamal||M
        جمال|jamal||M
        اسدالله|asadollah|asadullah|M
        عبدالله|abdollah|abdullah,abdolah|M
        روح‌الله|rouhollah|ruhollah,rohollah|M
        نصرالله|nasrollah|nasrullah|M
        لطف‌الله|lotfollah|lotfullah|M
        حبیب|habib||M
        غلام|gholam|golam,qolam,gholaam|M
        ابوالقاسم|abolghasem|abolqasem,abulqasim|M
        سهراب|sohrab||M
        رستم|rostam|rustam|M
        بابک|babak||M
        کیوان|keyvan|kayvan,keivan|M
        پیمان|peyman|payman,peiman|M
        بهمن|bahman||M
        اسفندیار|esfandiar|esfandyar|M
        علیرضا|alireza||M
        حمیدرضا|hamidreza||M
        محمدرضا|mohammadreza||M
        محمدعلی|mohammadali||M
        حسینعلی|hosseinali|hoseinali|M
        وحید|vahid|wahid|M
        نوید|navid||M
        امید|omid||M
        فرشید|farshid||M
        خسرو|khosrow|khosro,khosrau|M
        مهران|mehran||M
        سیامک|siamak||M
        ساسان|sasan||M
        شهاب|shahab||M
        بهرام|bahram||M
        اسکندر|eskandar|iskandar|M
        ابوالفضل|abolfazl|abulfazl|M
        سجاد|sajjad|sajad|M
        فاطمه|fatemeh|fatima,fateme,fatemah|F
        زهرا|zahra||F
        مریم|maryam|mariam|F
        معصومه|masoumeh|masumeh,massoumeh|F
        زینب|zeynab|zainab,zeinab|F
        اشرف|ashraf||F
        منیره|monireh|monire|F
        طاهره|tahereh|tahere|F
        مهین|mahin||F
        پروین|parvin|parwin|F
        شهلا|shahla||F
        ژاله|zhaleh|jaleh,zhale|F
        سیمین|simin||F
        فرزانه|farzaneh||F
        نسرین|nasrin||F
        رقیه|roghayeh|roqayeh,roghieh|F
        سکینه|sakineh||F
        اعظم|azam|aazam|F
        منیژه|manijeh|manizheh|F
        شیرین|shirin||F
        لیلا|leila|leyla,layla|F
        مینا|mina||F
        مهناز|mahnaz||F
        فریبا|fariba||F
        سهیلا|soheila|soheyla,suhaila|F
        عفت|effat|efat|F
        آذر|azar||F
        اکرم|akram||F
        عزت|ezzat|ezat|F
        نرگس|narges|nargis|F
        گلرخ|golrokh||F
        پوران|pouran|puran|F
        فرح|farah||F
        هما|homa||F
        رعنا|rana||F
        نوری|nouri|nuri,noury,noori|L
        رئیسی|raisi|raeisi,raeesi|L
        آوایی|avaei|avaee,avayi|L
        نیری|nayyeri|nayeri,nayyery|L
        اشراقی|eshraghi|eshraqi|L
        حسینی|hosseini|husseini,hoseini,hoseyni|L
        موسوی|mousavi|musavi,moosavi,mousawi|L
        رضایی|rezaei|rezaee,rezai,rezaie|L
        احمدی|ahmadi||L
        محمدی|mohammadi|muhammadi|L
        کریمی|karimi||L
        رحیمی|rahimi||L
        جعفری|jafari|jaafari|L
        کاظمی|kazemi|kazimi|L
        صادقی|sadeghi|sadeqi|L
        قاسمی|ghasemi|qasemi|L
        حیدری|heydari|heidari,haidari|L
        نظری|nazari||L
        نصیری|nasiri||L
        عباسی|abbasi||L
        اکبری|akbari||L
        امینی|amini||L
        باقری|bagheri|baqeri|L
        تهرانی|tehrani||L
        شیرازی|shirazi||L
        اصفهانی|esfahani|isfahani|L
        تبریزی|tabrizi||L
        رحمانی|rahmani||L
        سلیمانی|soleimani|soleymani,sulaimani|L
        خامنه‌ای|khamenei|khamenehi,khameneyi|L
        رفسنجانی|rafsanjani||L
        منتظری|montazeri|muntazeri|L
        لاجوردی|lajevardi||L
        خمینی|khomeini|khomeyni|L
        بهشتی|beheshti||L
        طالقانی|taleghani|taleqani|L
        بازرگان|bazargan||L
        مرادی|moradi|muradi|L
        ملکی|maleki||L
        یزدی|yazdi||L
        قربانی|ghorbani|qorbani|L
        صالحی|salehi||L
        کرمانی|kermani||L
        جهانگیری|jahangiri||L
        فرهادی|farhadi||L
        زارعی|zarei|zareie,zareei|L
        مختاری|mokhtari|mukhtari|L
        عسگری|asgari|askari|L
        نجفی|najafi||L
        یوسفی|yousefi|yusefi|L
        رستمی|rostami||L
        کیانی|kiani|kiyani|L
        شریفی|sharifi||L
        هاشمی|hashemi||L
        میرزایی|mirzaei|mirzaee,mirzai|L
        نوروزی|nowruzi|norouzi,nourouzi,noruzi|L
        ابراهیمی|ebrahimi|ibrahimi|L
        سلطانی|soltani|sultani|L
        طاهری|taheri||L
        کمالی|kamali||L
        جلالی|jalali||L
        عزیزی|azizi||L
        زمانی|zamani||L
        میرزا|mirza||L
        شجاعی|shojaei|shojaee|L
        بیات|bayat||L
        غفاری|ghaffari|ghafari,qaffari|L
        افشار|afshar||L
        خلیلی|khalili||L
        ملک|malek|malik|L
        داوری|davari||L
        اسدی|asadi||L
        فلاحی|fallahi|falahi|L
        پور|pour|poor,pur|P
        میر|mir||P
        سید|seyed|sayed,seyyed,sayyed,seyyid|P
        حاج|haj|hadj,hajj|P
        زاده|zadeh|zade|S
        نژاد|nejad|nezhad,nejhad|S
        نیا|nia||S
        فر|far||S
        وند|vand||S
        لو|lou|loo|S
        الله|ollah|ullah,allah|S
        """;

    /// <summary>Every entry, in file order.</summary>
    public static IReadOnlyList<PersianNamePart> All { get; } = Parse();

    /// <summary>Entries of one kind.</summary>
    public static IReadOnlyList<PersianNamePart> OfKind(NamePartKind kind) =>
        [.. All.Where(entry => entry.Kind == kind)];

    private static PersianNamePart[] Parse()
    {
        var lines = Data.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new PersianNamePart[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split('|');
            if (fields.Length != 4)
            {
                throw new InvalidOperationException($"Name lexicon line {i + 1} has {fields.Length} fields, expected 4: '{lines[i]}'.");
            }

            var variants = fields[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var kind = fields[3] switch
            {
                "M" => NamePartKind.MaleGiven,
                "F" => NamePartKind.FemaleGiven,
                "L" => NamePartKind.Family,
                "P" => NamePartKind.Prefix,
                "S" => NamePartKind.Suffix,
                _ => throw new InvalidOperationException($"Name lexicon line {i + 1}: unknown kind '{fields[3]}'."),
            };
            result[i] = new PersianNamePart(fields[0], fields[1], variants, kind);
        }

        return result;
    }
}
