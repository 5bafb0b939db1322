namespace Dossier.Testimony.Synthetic;

/// <summary>
/// The pieces SYNTHETIC statements are built from, in English and Persian. Every fact has several
/// independent ways to be said, slot by slot, so two honest witnesses rarely put the same run of words
/// together; personal sentences are built the same way from their own slots.
/// </summary>
internal static class Phrases
{
    /// <summary>An accused: spellings in Latin letters, and in Persian script (some with Arabic letter forms).</summary>
    public sealed record Name(string[] Given, string[] Family, string GivenFa, string FamilyFa, string? AliasFamily = null, string? AliasFamilyFa = null);

    public static readonly Name[] Accused =
    [
        new(["Hamid"], ["Noury", "Nouri", "Nuri", "Noori"], "حمید", "نوری", "Abbasi", "عباسی"),
        new(["Reza", "Rezā"], ["Karimi", "Karimy", "Kerimi"], "رضا", "کریمی"),
        new(["Naser", "Nasser", "Nasir"], ["Sadeghi", "Sadeqi", "Sadeghy"], "ناصر", "صادقی"),
        new(["Mohammad", "Mohamad", "Muhammad"], ["Rahimi", "Rahimy"], "محمد", "رحیمی"),
        new(["Ali", "Aly"], ["Mousavi", "Musavi", "Moussavi"], "علی", "موسوی"),
        new(["Hossein", "Hosein", "Hussein"], ["Jafari", "Jafary", "Djafari"], "حسین", "جعفری"),
        new(["Mahmoud", "Mahmud"], ["Tabatabaei", "Tabatabai"], "محمود", "طباطبایی"),
        new(["Javad", "Jawad"], ["Ghasemi", "Qasemi", "Ghassemi"], "جواد", "قاسمی"),
        new(["Davoud", "Davood", "Dawud"], ["Lashkari", "Lashgari"], "داوود", "لشکری"),
        new(["Majid", "Madjid"], ["Asadi", "Assadi"], "مجید", "اسدی"),
        new(["Ebrahim", "Ibrahim"], ["Hashemi", "Hachemi"], "ابراهیم", "هاشمی"),
        new(["Mostafa", "Mustafa"], ["Zamani", "Zamany"], "مصطفی", "زمانی"),
    ];

    public sealed record Place(string[] En, string Fa);

    public static readonly Place[] Places =
    [
        new(["Gohardasht", "Gohar Dasht", "Gohardasht prison"], "زندان گوهردشت"),
        new(["Evin", "Evin prison"], "زندان اوین"),
        new(["Ghezel Hesar", "Qezel Hesar", "Qezelhesar"], "زندان قزل‌حصار"),
        new(["Dastgerd", "Dastgerd prison"], "زندان دستگرد"),
        new(["Vakilabad", "Vakil Abad"], "زندان وکیل‌آباد"),
        new(["Adelabad", "Adel Abad"], "زندان عادل‌آباد"),
    ];

    public static readonly string[] MonthsEn = ["July", "August", "September"];
    public static readonly string[] MonthsFa = ["تیر", "مرداد", "شهریور"];

    /// <summary>An act: ways to say it in English and in Persian (the Persian ones are verb phrases ending the sentence).</summary>
    public sealed record Act(string[] En, string[] Fa);

    public static readonly Act[] Acts =
    [
        new(["read out the names of prisoners", "called out the names of the prisoners", "read names from a list of prisoners"],
            ["اسامی زندانیان را می‌خواند", "نام زندانیان را از روی فهرست می‌خواند", "اسم‌ها را یکی یکی صدا می‌زد"]),
        new(["took the prisoners to the hall", "led a group of prisoners towards the amphitheatre", "sent the men down to the hall"],
            ["زندانیان را به سالن می‌برد", "زندانیان را به سمت حسینیه می‌برد", "بچه‌ها را به سالن فرستاد"]),
        new(["sat in the room with the committee", "was present while the committee questioned us", "stood beside the members of the committee"],
            ["در اتاق هیئت نشسته بود", "هنگام پرسش‌های هیئت حاضر بود", "کنار اعضای هیئت ایستاده بود"]),
        new(["beat a prisoner with a cable", "struck one of the prisoners until he fell", "kicked a prisoner who could not stand"],
            ["یکی از زندانیان را با کابل کتک زد", "زندانی را آن‌قدر زد که افتاد", "به زندانی که نمی‌توانست بایستد لگد زد"]),
        new(["gave orders to the guards", "told the guards which men to move", "directed the guards with a list in his hand"],
            ["به نگهبانان دستور می‌داد", "به پاسدارها می‌گفت چه کسانی را ببرند", "با فهرستی در دست نگهبان‌ها را هدایت می‌کرد"]),
        new(["lined the prisoners up along the wall", "made the prisoners stand in a queue", "ordered us to wait in a line facing the wall"],
            ["زندانیان را کنار دیوار به صف کرد", "زندانیان را در یک صف نگه داشت", "دستور داد رو به دیوار صف ببندیم"]),
        new(["wrote down the answers of each prisoner", "noted on a sheet what every man said", "kept a register of who refused"],
            ["جواب هر زندانی را یادداشت می‌کرد", "روی برگه می‌نوشت هر کس چه گفت", "فهرست کسانی را که نپذیرفتند نگه می‌داشت"]),
        new(["pushed the blindfolded prisoners into the corridor", "moved the blindfolded men along the corridor", "dragged prisoners out of the ward"],
            ["زندانیان چشم‌بسته را به راهرو هل می‌داد", "مردان چشم‌بسته را در راهرو جابه‌جا می‌کرد", "زندانیان را از بند بیرون کشید"]),
    ];

    // English fact sentences, slot by slot.
    public static readonly string[] SeenEn = ["I saw", "I clearly saw", "I remember seeing", "With my own eyes I saw", "I recognised", "That day I saw", "I could see", "Later I saw", "From under my blindfold I saw", "More than once I saw"];
    public static readonly string[] WhereEn = ["in the corridor of", "in the long corridor at", "near the hall at", "by the stairs in", "outside the main hall of", "in the ward at", "at the end of the corridor in", "in the yard of"];
    public static readonly string[] WhenEn = ["It was", "This happened on", "That was around", "As far as I remember it was", "I think it was", "The date was", "All of this was on", "I am fairly sure it was"];
    public static readonly string[] TimeOfDayEn = ["", "in the morning", "late in the afternoon", "after the midday meal", "in the evening", "before dawn", "soon after the noon prayer"];
    public static readonly string[] SubjectEn = ["He", "The man", "That man"];
    public static readonly string[] TailEn = ["", "one by one", "in a loud voice", "while the guards watched", "without a word", "as if it were routine", "again and again"];
    public static readonly string[] NeverEn = ["I never saw", "I did not see", "Not once did I see", "In all those weeks I did not see", "I have no memory of seeing"];
    public static readonly string[] ElsewhereEn = ["working in another prison", "away on leave", "in Tehran at the time", "posted somewhere else", "not part of the prison staff then"];
    public static readonly string[] HeardEn = ["As far as I know he was", "Everyone said he was", "I was told he was", "I believe he was"];

    // Persian fact sentences.
    public static readonly string[] SeenFa = ["دیدم که", "با چشم خودم دیدم که", "یادم هست که", "آن روز دیدم که", "به روشنی دیدم که", "از زیر چشم‌بند دیدم که", "چند بار دیدم که", "بعدها دیدم که"];
    public static readonly string[] WhereFa = ["در راهروی", "در راهروی طولانی", "نزدیک سالن", "کنار پله‌های", "جلوی سالن اصلی", "در بند", "ته راهروی", "در حیاط"];
    public static readonly string[] BeingFa = ["ایستاده بود", "حضور داشت", "بود", "رفت و آمد می‌کرد", "منتظر ایستاده بود"];
    public static readonly string[] WhenFa = ["این ماجرا در", "تا جایی که یادم هست", "فکر می‌کنم", "تاریخش", "مطمئنم که", "همه این‌ها در"];
    public static readonly string[] HappenedFa = ["بود", "اتفاق افتاد", "روی داد", "گذشت"];
    public static readonly string[] TimeOfDayFa = ["", "صبح زود", "بعد از ظهر", "بعد از ناهار", "غروب", "پیش از سپیده"];
    public static readonly string[] SubjectFa = ["او", "آن مرد", "همان مرد"];
    public static readonly string[] TailFa = ["", "یکی یکی", "با صدای بلند", "جلوی چشم نگهبانان", "بی آنکه حرفی بزند", "انگار کاری عادی است"];
    public static readonly string[] NeverFa = ["هرگز ندیدم که", "یک بار هم ندیدم که", "در آن هفته‌ها ندیدم که", "به یاد ندارم که"];
    public static readonly string[] ElsewhereFa = ["در زندان دیگری کار می‌کرد", "به مرخصی رفته بود", "آن زمان در تهران بود", "جای دیگری خدمت می‌کرد"];
    public static readonly string[] HeardFa = ["تا جایی که می‌دانم", "همه می‌گفتند", "به من گفتند", "گمان می‌کنم"];

    // Personal sentences: each made of three independent slots.
    public static readonly string[][] PersonalEn =
    [
        ["I was arrested in", "They arrested me in", "My arrest was in", "I was taken in"],
        ["and spent", "and I had been held for", "and by then I had spent", "after which I spent"],
        ["months in cell", "months in ward", "months in solitary confinement in block", "months in the section numbered"],
    ];

    /// <summary>Memories in two halves, each half said in one of several ways ({0}: a cellmate's name).</summary>
    public static readonly string[][][] MemoryEn =
    [
        [["My cellmate {0}", "{0}, who shared my cell,", "A friend of mine, {0},"], ["was taken away that week and never came back", "disappeared a few days later", "was called out and we did not see him again"]],
        [["We were blindfolded", "They covered our eyes", "With blindfolds on we were"], ["and made to sit on the floor for hours", "and kept sitting in the corridor until night", "and left waiting on the cold ground"]],
        [["The visits of our families", "Family visits", "All meetings with relatives"], ["were stopped without any reason", "were cancelled from one day to the next", "ended suddenly that summer"]],
        [["{0} and I", "My neighbour {0} and I", "I and {0}"], ["used to talk through the wall at night", "tapped messages on the wall", "whispered through the pipes after lights out"]],
        [["The television and the newspapers", "Radios and papers", "Every newspaper"], ["were taken out of the wards", "disappeared from the sections", "were removed overnight"]],
        [["Nobody told us", "We had no idea", "None of us understood"], ["what the questions of the committee meant", "why they asked about our prayers", "what the short hearing was for"]],
        [["I still remember", "To this day I hear", "I cannot forget"], ["the sound of the trucks in the yard", "the engines running behind the wall", "the lorries leaving at night"]],
        [["{0} told me afterwards", "Later {0} said", "Years afterwards {0} explained"], ["that his brother was among those called", "that his whole ward had been emptied", "that he had been questioned twice"]],
        [["At the next meal", "When food came", "That evening"], ["we counted the empty places", "half of the plates were left untouched", "the ward was almost silent"]],
        [["For days", "For almost a week", "During those days"], ["nobody came to give us food", "the doors stayed shut", "we heard nothing from outside"]],
    ];

    public static readonly string[] ConnectorsEn = ["", "Then", "After that", "At that time", "Around then", "Meanwhile"];

    public static readonly string[][] PersonalFa =
    [
        ["مرا در سال", "در سال", "بازداشتم در سال"],
        ["دستگیر کردند و", "بازداشت شدم و", "گرفتند و"],
        ["ماه در سلول", "ماه در بند", "ماه در انفرادی"],
    ];

    public static readonly string[][][] MemoryFa =
    [
        [["هم‌سلولی‌ام {0}", "{0} که با من در یک سلول بود", "دوستم {0}"], ["همان هفته برده شد و دیگر برنگشت", "چند روز بعد ناپدید شد", "صدا زده شد و دیگر او را ندیدیم"]],
        [["ما را چشم‌بسته", "با چشمان بسته", "چشم‌بند به چشم"], ["ساعت‌ها روی زمین نشاندند", "تا شب در راهرو نگه داشتند", "روی زمین سرد منتظر گذاشتند"]],
        [["ملاقات خانواده‌ها", "دیدار با خانواده", "همه ملاقات‌ها"], ["بی هیچ دلیلی قطع شد", "یک‌باره لغو شد", "آن تابستان ناگهان تمام شد"]],
        [["من و {0}", "من و همسایه‌ام {0}", "{0} و من"], ["شب‌ها از پشت دیوار با هم حرف می‌زدیم", "با ضربه روی دیوار پیام می‌فرستادیم", "بعد از خاموشی از لوله‌ها پچ‌پچ می‌کردیم"]],
        [["تلویزیون و روزنامه‌ها را", "رادیو و روزنامه را", "همه روزنامه‌ها را"], ["از بندها بردند", "از بخش‌ها جمع کردند", "یک شبه برداشتند"]],
        [["هیچ‌کس به ما نگفت", "نمی‌دانستیم", "هیچ‌کدام از ما نفهمیدیم"], ["پرسش‌های هیئت چه معنایی دارد", "چرا درباره نماز می‌پرسند", "آن دادگاه کوتاه برای چیست"]],
        [["هنوز", "تا امروز", "هرگز فراموش نمی‌کنم"], ["صدای کامیون‌ها در حیاط یادم هست", "صدای موتورها پشت دیوار را می‌شنوم", "رفتن کامیون‌ها در شب را"]],
        [["{0} بعدها به من گفت", "بعدها {0} گفت", "سال‌ها بعد {0} توضیح داد"], ["برادرش هم میان صدازده‌ها بود", "تمام بندشان خالی شده بود", "دو بار بازجویی شده بود"]],
        [["سر غذای بعدی", "وقتی غذا آوردند", "آن شب"], ["جاهای خالی را شمردیم", "نیمی از بشقاب‌ها دست‌نخورده ماند", "بند تقریباً ساکت بود"]],
        [["چند روز", "نزدیک یک هفته", "در آن روزها"], ["کسی برای ما غذا نیاورد", "درها بسته ماند", "هیچ خبری از بیرون نداشتیم"]],
    ];

    public static readonly string[] ConnectorsFa = ["", "بعد", "پس از آن", "در آن زمان", "همان روزها"];

    public static readonly string[] CellmatesEn = ["Bahram", "Kazem", "Farhad", "Mehdi", "Saeed", "Parviz", "Hassan", "Akbar", "Siamak", "Manouchehr", "Asghar", "Jamshid", "Kourosh", "Nader", "Behrouz", "Rasoul"];
    public static readonly string[] CellmatesFa = ["بهرام", "کاظم", "فرهاد", "مهدی", "سعید", "پرویز", "حسن", "اکبر", "سیامک", "منوچهر", "اصغر", "جمشید", "کوروش", "نادر", "بهروز", "رسول"];

    /// <summary>Words a coach swaps for others of the same sense (either way).</summary>
    public static readonly (string, string)[] SynonymsEn =
    [
        ("saw", "noticed"), ("prisoners", "inmates"), ("guards", "wardens"), ("corridor", "hallway"), ("hall", "room"),
        ("names", "list"), ("men", "people"), ("clearly", "plainly"), ("remember", "recall"), ("think", "believe"),
        ("morning", "early hours"), ("evening", "night"), ("loud", "harsh"), ("stood", "waited"), ("wall", "door"),
        ("week", "month"), ("floor", "ground"), ("told", "said to"), ("taken", "led away"), ("never", "not"),
    ];

    public static readonly (string, string)[] SynonymsFa =
    [
        ("دیدم", "مشاهده کردم"), ("زندانیان", "محبوسان"), ("نگهبانان", "زندانبانان"), ("راهروی", "دالان"), ("سالن", "تالار"),
        ("فهرست", "لیست"), ("یادم", "خاطرم"), ("روز", "روزها"), ("مرد", "شخص"), ("صدای", "آوای"),
        ("برد", "کشاند"), ("گفت", "اظهار کرد"), ("هفته", "ماه"), ("شب‌ها", "شبانه"), ("زمین", "کف"),
    ];

    /// <summary>Small words a witness's own way of talking puts between others.</summary>
    public static readonly string[] AsidesEn = ["then", "really", "just", "also", "still", "quite", "even", "perhaps", "somehow", "well", "simply", "of course", "I think", "you know"];

    public static readonly string[] AsidesFa = ["هم", "دیگر", "واقعاً", "حتی", "شاید", "انگار", "تقریباً", "خب", "البته", "راستش"];

    /// <summary>Words a coach puts in anywhere, in place of a word of the script.</summary>
    public static readonly string[] FillersEn = ["indeed", "certainly", "truly", "also", "still", "only", "really", "exactly"];

    public static readonly string[] FillersFa = ["واقعاً", "حتماً", "دقیقاً", "هم", "هنوز", "فقط", "قطعاً"];
}
