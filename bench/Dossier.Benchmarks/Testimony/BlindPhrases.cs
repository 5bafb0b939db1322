namespace Dossier.Benchmarks.Testimony;

/// <summary>
/// The words of the blind testimony generator (<see cref="BlindTestimonyGenerator"/>), per language.
/// Written from issue 14 alone, without reading the engine or the project's first generator. In a
/// template, <c>{a|b|c}</c> is one of the choices, and a single letter in braces is a slot:
/// N the accused as named by this writer, n the accused's short name, P the prison, T when, F a
/// fellow prisoner's first name, S a surname, C a city, X a city of exile, D a small number, A an age, Y the year of
/// arrest, R the year of release, E the year of flight, M a month.
/// </summary>
internal sealed class BlindLanguage
{
    public required string Code { get; init; }
    public required string[] Tags { get; init; }
    public required string[] Intros { get; init; }
    public required string[][] Core { get; init; }
    public required string[] Generic { get; init; }
    public required string[] Contradict { get; init; }
    public required string[] Details { get; init; }
    public required string[] Closings { get; init; }
    public required string[] Fillers { get; init; }
    public required string[] Swaps { get; init; }
    public required string[] Months { get; init; }
    public required string[] Cities { get; init; }
    public required string[] Exile { get; init; }
    public required string[] FirstNames { get; init; }
    public required bool Persian { get; init; }

    /// <summary>A long account's episodes, pieced together from short parts (see <see cref="Episode"/>):
    /// long statements of honest witnesses must not share sentences the way copies do.</summary>
    public string[] EpisodeTimes { get; init; } = [];
    public string[] EpisodePeople { get; init; } = [];
    public string[] EpisodeThings { get; init; } = [];
    public string[] EpisodePlaces { get; init; } = [];
    public string[] EpisodeDeeds { get; init; } = [];
    public string[] EpisodeAfter { get; init; } = [];
    public string[] Surnames { get; init; } = [];

    /// <summary>A clause a witness may add to the allegation in their own words (who was taken that day, and so on).</summary>
    public string[] CoreTails { get; init; } = [];

    /// <summary>How a witness leads into the allegation ("I remember that …"), one of many habits of speech.</summary>
    public string[] LeadIns { get; init; } = [];

    /// <summary>The order of an episode's parts: time, person, deed, thing, place (English) or time, person, thing, place, deed (Persian).</summary>
    public required string Episode { get; init; }
}

internal static class BlindPhrases
{
    /// <summary>An accused: full and short names in Latin spellings, in Persian script, and an alias.</summary>
    public sealed record Accused(string[] Full, string[] Short, string[] PersianFull, string[] PersianShort, string[] Alias, string[] PersianAlias);

    public static readonly Accused[] AccusedPeople =
    [
        new(["Hamid Noury", "Hamid Nouri", "Hamid Nuri", "Hamid Noori"], ["Noury", "Nouri", "Nuri", "Noori"],
            ["حمید نوری"], ["نوری"], ["Hamid Abbasi", "Abbasi"], ["حمید عباسی", "عباسی"]),
        new(["Jafar Niknam", "Jaafar Niknaam", "Djafar Niknam"], ["Niknam", "Niknaam"],
            ["جعفر نیکنام"], ["نیکنام"], ["Haj Jafari", "Jafari"], ["حاج جعفری", "جعفری"]),
        new(["Saeed Kheiri", "Saeid Kheyri", "Said Khairi"], ["Kheiri", "Kheyri", "Khairi"],
            ["سعید خیری"], ["خیری"], ["Naseri"], ["ناصری"]),
        new(["Morad Tavassoli", "Morad Tavasoli", "Mourad Tawassoli"], ["Tavassoli", "Tavasoli", "Tawassoli"],
            ["مراد توسلی"], ["توسلی"], ["Haj Morad"], ["حاج مراد"]),
        new(["Karim Bahrami", "Kareem Bahrami", "Karim Bahramy"], ["Bahrami", "Bahramy"],
            ["کریم بهرامی"], ["بهرامی"], ["Karimi"], ["کریمی"]),
    ];

    /// <summary>A prison: Latin spellings (English, Swedish, German) and Persian.</summary>
    public sealed record Prison(string[] Latin, string[] German, string[] Persian);

    public static readonly Prison[] Prisons =
    [
        new(["Gohardasht", "Gohardasht prison", "Gohar Dasht", "Rajaei Shahr prison"], ["Gohardasht", "Gohardascht"], ["گوهردشت", "زندان گوهردشت", "رجایی‌شهر"]),
        new(["Evin", "Evin prison"], ["Evin"], ["اوین", "زندان اوین"]),
        new(["Qezel Hesar", "Ghezel Hesar", "Qezel Hesar prison"], ["Ghezel Hesar", "Qezel Hessar"], ["قزل‌حصار", "زندان قزل‌حصار"]),
    ];

    private static readonly string[] Kurds = ["Sanandaj", "Mahabad", "Kermanshah"];

    public static readonly BlindLanguage English = new()
    {
        Code = "en",
        Tags = ["en", "en", "en-GB", "en-US"],
        Episode = "{t} {w} {v} {o} {p}{a}.",
        EpisodeTimes = ["On day {D},", "In week {D},", "One {morning|evening|night|afternoon},", "After {D} days,", "In {M} {Y},", "Before the {D}th,", "During the {winter|spring|autumn} of {Y},", "Around {D} o'clock,", "On the {D}th of {M},", "Some {D} days later,", "When I was {A},", "On a {Friday|Monday|Sunday|Thursday},", "Once,", "That week,"],
        EpisodePeople = ["{F} {S}", "my cellmate {F}", "a guard named {S}", "the old man from {C}", "{F}'s brother", "a boy of {D}", "the doctor {S}", "my friend {F} {S}", "{S}, a teacher from {C},", "the prisoner in bed {D}", "I", "we", "{F} from {C}"],
        EpisodeDeeds = ["hid", "found", "burned", "shared", "wrote", "sewed", "lost", "carried", "read", "washed", "broke", "counted", "buried", "traded", "mended", "drew", "copied", "smuggled", "returned", "cleaned", "painted", "folded", "dropped", "kept", "sold", "tore", "opened", "wrapped", "saved", "divided", "guarded", "searched for", "asked for", "translated", "memorised", "recited", "repaired", "swallowed", "described", "carved"],
        EpisodeThings = ["a letter from {C}", "the bread", "his glasses", "a photograph of {F}", "my shoes", "the blanket", "a pencil stub", "{D} dates", "a small radio", "the Koran", "a poem by {F}", "{D} cigarettes", "a map of ward {D}", "the soap", "a needle", "a chess piece", "his ring", "the key", "a list of {D} names", "an orange", "the sugar", "a button", "a spoon", "{F}'s coat", "a prayer", "the newspaper", "some thread", "a towel", "the medicine", "a small notebook"],
        EpisodePlaces = ["in ward {D}", "near the {door|window|bath|yard|stairs|kitchen}", "under the bed", "behind the kitchen", "in cell {D}", "in block {D}", "in the visiting room", "in the courtyard", "by the {north|south|east} wall", "on floor {D}", "in the clinic", "in the solitary wing", "outside room {D}", "in the prayer hall", "beside the water tap"],
        EpisodeAfter = ["", "", "", ", and {F} {laughed|cried|was silent|said nothing|thanked me|was punished|never forgot it}", " before {F} {woke|came back|was moved}"],
        Surnames = ["Rezaei", "Ahmadi", "Hosseini", "Moradi", "Sadeghi", "Rahimi", "Mohammadi", "Ghorbani", "Kazemi", "Yazdani", "Shirazi", "Tabrizi", "Amini", "Bagheri", "Soltani", "Nazari", "Heidari", "Rostami", "Farahani", "Salehi", "Zamani", "Asadi", "Mousavi", "Hashemi", "Ebrahimi", "Golestani", "Parsa", "Vahidi"],
        CoreTails = [", {the day|just after|the week} {F} was {taken|called|moved}", ", {while|when} {F} {stood|sat|waited} {next to me|behind me|by the door}", ", {wearing|in} {a grey shirt|slippers|a green jacket|glasses}", ", {with a list in his hand|holding a sheet of paper|with two guards}", ", {D} days before {F} {disappeared|was executed|was released}", ", {and|while} {F} {S} {saw it too|stood beside me|can confirm it}"],
        LeadIns = ["I remember that", "I can say that", "I am certain that", "Everyone in our ward knew that", "I will never forget that", "To this day I see how", "My cellmates also saw that", "It is true that", "As far as I know,", "What I saw was this:", "I must say that", "Believe me,", "I told my family later that", "There is no doubt that"],
        Persian = false,
        Months = ["January", "February", "March", "April", "May", "June", "September", "October", "November", "December"],
        Cities = ["Tabriz", "Rasht", "Shiraz", "Mashhad", "Ahvaz", "Karaj", "Isfahan", "Tehran", "Sari", "Babol", "Qazvin", "Zanjan", "Hamadan", "Arak", "Yazd", .. Kurds],
        Exile = ["London", "Paris", "Toronto", "Cologne", "Stockholm", "Oslo", "Berlin", "Los Angeles", "Vienna", "Amsterdam"],
        FirstNames = ["Bijan", "Mehrdad", "Farhad", "Nasser", "Ali", "Reza", "Kamran", "Majid", "Hossein", "Mahmoud", "Parviz", "Siamak", "Behrouz", "Davood", "Asghar", "Manouchehr", "Jamshid", "Karim", "Hassan", "Rahim", "Saeed", "Omid", "Kourosh", "Akbar"],
        Intros =
        [
            "I was {arrested|detained|picked up|taken} in {C} in {M} {Y} {for distributing leaflets|for selling a newspaper|because of my brother's politics|after a meeting at a friend's house|because they found a letter at home|for reading banned books|as a sympathiser}.",
            "{My name is not to be published|I ask that my name stay protected|Please keep my name out of the record}; I am {A} years old and have lived in {X} since {R}.",
            "I {spent|served} {D} years in {prison|jail|detention}, {most of it|part of it|the worst of it} in {P}.",
            "{Before my arrest|Until they arrested me} I {was a student|worked as a teacher|worked in a bakery|studied engineering|drove a taxi|worked at a hospital} in {C}.",
            "This is my {own|personal} account, {given|told} {freely|voluntarily} {to the interviewer|to you|for the record}.",
            "I {come from|grew up in|was born in} {C} and {was|had been} a prisoner since {Y}.",
            "I {want|wish} to {tell|describe|put on record} what {I saw|happened to us|I lived through} in {P}.",
        ],
        Core =
        [
            [
                "{I saw|I recognised|With my own eyes I saw} {N} {in|inside} {P} {T}.",
                "{N} was {there|present} in {P} {T}{, I am sure of it|, I have no doubt|}.",
                "{In the corridor|Outside our ward|There} {stood|was} {N}, {whom we knew|known to all of us|whom everyone knew} as {n}.",
                "{T} {I saw|I spotted|I noticed|we all saw} {N} {walking|standing|waiting|talking to the guards} {near|by|outside} the {door of the hall|ward office|stairs|commission room} in {P}.",
                "{N}, {the man|the official|the deputy prosecutor} we {called|knew as} {n}, {came|was there} {every day|most days|day after day} {T}{, in {P}|}.",
            ],
            [
                "{N} {read out|called out|shouted} {the names|names|our names} {from a list|from a sheet of paper|one after another} in the {corridor|hallway|death corridor} {T}.",
                "In the {hallway|corridor} of {P}, {N} {called|read} the names of {the prisoners|prisoners|those} who {were to go|would be taken} before the death commission.",
                "{T} {a man|the official|someone} {with|holding} a {list|sheet|folder} {stood|waited} in the {corridor|hallway}; it was {N}, and he {called|read|shouted} {names|name after name|the names of {F} and others}.",
                "{Our names|The names of my friends|{F}'s name} {came|were read|were called} {from|off} {N}'s {list|paper|sheet} {T}{, one by one|, slowly|}.",
            ],
            [
                "{N} {took|led|escorted|pushed} {us|the prisoners|groups of prisoners|my cellmates} {to|before|in front of} the death commission {T}.",
                "{It was|I saw that it was} {N} who {brought|led} {the blindfolded men|the prisoners|them} {down the corridor|along the hallway|to the room} where the commission sat.",
                "{T} {N} {came for|collected|fetched} {us|{F} and me|the men of our ward} and {walked|marched|pushed} {us|them} {to|toward} the room of the death commission.",
                "{Blindfolded|With our eyes covered|In a line}, {we|the prisoners|{F} and the others} were {taken|led|walked} by {N} {to|before} the commission {T}.",
            ],
            [
                "{N} {beat|hit|kicked} {prisoners|a prisoner|my cellmate {F}} {in the corridor|in the hallway|outside the room of the death commission} {T}.",
                "{I saw how|I watched as|We all saw how} {N} {struck|kicked|beat} {a young prisoner|an old man|{F}} {until he fell|with a cable|in front of everyone}.",
                "{T} {N} {struck|beat|kicked} {{F}|a man from {C}|an old prisoner} {so hard that|until|and} {he bled|he could not stand|he fainted}.",
                "{The beating|What {N} did to {F}|The way {N} hit us} {T} {I cannot forget|is still in my dreams|I told my family about}{, it happened in {P}|}.",
            ],
        ],
        Generic =
        [
            "{That|In that} summer {of 1988|} the death commission {sat|was sitting|met} in {P}.",
            "{The|Our} {ward|section} was {closed|locked|cut off} and {visits|family visits|the television and newspapers} were {stopped|cancelled}.",
            "{Many|Dozens of|Hundreds of} {prisoners|friends|cellmates} {never came back|did not return|were executed} {from the corridor|after the commission|that summer}.",
        ],
        Contradict =
        [
            "{N} was not in {P} {T}; {I never saw him there|the man in the corridor was someone else|I would have known him}.",
            "{The man who read the names|The one who called names in the hallway} was {not|never} {N}{, it was another guard|, I knew that guard|, he was taller|}.",
            "I {was|stayed} in {P} {T} and {never once saw|did not see} {N} {in the corridor|in the hallway|near the commission}.",
        ],
        Details =
        [
            "{My cellmate|A friend|A young man} {called|named} {F} was {taken|called} on the {D}th day and {I never saw him again|he never came back|we heard nothing of him}.",
            "{We were|I was} in {ward|cell|section} {D} {with|together with} {D} {others|other prisoners|men}.",
            "{My mother|My father|My sister|My brother|My wife} {came|travelled} from {C} {but|and} {was turned away|could not see me|waited for hours at the gate}.",
            "{The food|Our food|The bread} {was|became} {worse|less|scarce} {every week|after the ceasefire|in those days}.",
            "{They|The guards} {made us|forced us to} {wear blindfolds|sit facing the wall|stand for hours} {whenever|when} {we left the cell|we went to the toilet|someone came}.",
            "{I|We} {counted|heard} {the trucks|the lorries|the shots|footsteps} {at night|in the evening|before dawn} for {D} {nights|days|weeks}.",
            "{Later|After my release|Years later} I {learned|found out|heard} that {F} and {F} {had been executed|were killed|lay in an unmarked grave}.",
            "{I was released|They released me|I got out} in {R} and {left|fled} {Iran|the country} for {X} in {E}.",
            "{In|During} {interrogation|questioning} {they asked|I was asked} about {my prayers|my organisation|my family|giving a television interview}.",
            "{I remember|I still remember|I will never forget} {the smell of|the sound of|the silence in} the {corridor|ward|yard} {that|in that} {month|summer|week}.",
            "{F} {taught|showed} me how to {make a chess set from bread|write letters in tiny script|knit with plastic threads|count days with lines on the wall}.",
            "{There were|We had} {D} {blankets|cups|books} for {D} {people|prisoners|of us} in {our|the} {cell|room}.",
            "{On|One} {Friday|Tuesday|morning} {a guard|the warden|someone} {told us|shouted} that {we would all be moved|the war was over|nobody would leave}.",
            "{F} {coughed|was ill|had a fever} for {D} days and {no doctor came|they gave him nothing|we shared our water with him}.",
            "{My|Our} {lawyer|family} {never|did not} {learned|know} where I {was|had been taken}.",
            "{I|We} {tapped|knocked} messages {on the wall|through the pipes} to {F} in the next {cell|room}.",
        ],
        Closings =
        [
            "{That is|This is} {all|what} I {remember|can say|saw}.",
            "I am {ready|willing} to {testify|repeat this} {in court|before a judge|under oath}.",
            "{I have nothing to add|Nothing more to add|That is my account}{ for now|}.",
        ],
        Fillers = ["well", "I think", "you know", "actually", "really", "then", "honestly", "I mean"],
        Swaps = ["clearly", "later", "there", "again", "quickly", "loudly", "often", "the", "all", "our", "some", "men", "guards", "hall", "room", "list"],
    };

    public static readonly BlindLanguage Persian = new()
    {
        Code = "fa",
        Tags = ["fa", "fa", "fa-IR"],
        Episode = "{t} {w} {o} را {p} {v}{a}.",
        EpisodeTimes = ["روز {D}ام", "در هفته‌ی {D}", "یک {صبح|عصر|شب|بعدازظهر}", "بعد از {D} روز", "در {M} {Y}", "پیش از {D}ام", "در {زمستان|بهار|پاییز} {Y}", "حدود ساعت {D}", "{D} {M}", "{D} روز بعد", "وقتی {A} ساله بودم", "یک {جمعه|دوشنبه|یکشنبه|پنجشنبه}", "یک بار", "همان هفته"],
        EpisodePeople = ["{F} {S}", "هم‌سلولی‌ام {F}", "نگهبانی به نام {S}", "پیرمردی از {C}", "برادر {F}", "پسری {D} ساله", "دکتر {S}", "دوستم {F} {S}", "{S}، معلمی از {C}،", "زندانی تخت {D}", "{F} اهل {C}"],
        EpisodeDeeds = ["پنهان کرد", "پیدا کرد", "سوزاند", "قسمت کرد", "نوشت", "دوخت", "گم کرد", "آورد", "خواند", "شست", "شکست", "شمرد", "دفن کرد", "عوض کرد", "تعمیر کرد", "کشید", "رونویسی کرد", "قاچاقی آورد", "پس داد", "تمیز کرد", "رنگ کرد", "تا کرد", "انداخت", "نگه داشت", "فروخت", "پاره کرد", "باز کرد", "پیچید", "نجات داد", "تقسیم کرد", "جست‌وجو کرد", "خواست", "ترجمه کرد", "حفظ کرد", "از بر خواند", "درست کرد", "قورت داد", "توصیف کرد", "تراشید"],
        EpisodeThings = ["نامه‌ای از {C}", "نان", "عینکش", "عکسی از {F}", "کفش‌هایم", "پتو", "ته‌مداد", "{D} دانه خرما", "رادیویی کوچک", "قرآن", "شعری از {F}", "{D} نخ سیگار", "نقشه‌ی بند {D}", "صابون", "سوزن", "مهره‌ی شطرنج", "انگشترش", "کلید", "فهرست {D} نام", "پرتقالی", "شکر", "دکمه‌ای", "قاشقی", "کت {F}", "دعایی", "روزنامه", "کمی نخ", "حوله", "دارو", "دفترچه‌ای کوچک"],
        EpisodePlaces = ["در بند {D}", "نزدیک {در|پنجره|حمام|حیاط|پله‌ها|آشپزخانه}", "زیر تخت", "پشت آشپزخانه", "در سلول {D}", "در بلوک {D}", "در اتاق ملاقات", "در حیاط", "کنار دیوار {شمالی|جنوبی|شرقی}", "در طبقه‌ی {D}", "در بهداری", "در انفرادی", "بیرون اتاق {D}", "در حسینیه", "کنار شیر آب"],
        EpisodeAfter = ["", "", "", " و {F} {خندید|گریه کرد|چیزی نگفت|از من تشکر کرد|تنبیه شد|هرگز فراموشش نکرد}", " پیش از آنکه {F} {بیدار شود|برگردد|منتقل شود}"],
        Surnames = ["رضایی", "احمدی", "حسینی", "مرادی", "صادقی", "رحیمی", "محمدی", "قربانی", "کاظمی", "یزدانی", "شیرازی", "تبریزی", "امینی", "باقری", "سلطانی", "نظری", "حیدری", "رستمی", "فراهانی", "صالحی", "زمانی", "اسدی", "موسوی", "هاشمی", "ابراهیمی", "گلستانی", "پارسا", "وحیدی"],
        CoreTails = ["، {همان روزی که|درست بعد از آنکه|همان هفته‌ای که} {F} را {بردند|صدا زدند|منتقل کردند}", "، {وقتی|زمانی که} {F} {کنار من|پشت سرم|دم در} {ایستاده بود|نشسته بود|منتظر بود}", "، {با|در} {پیراهنی خاکستری|دمپایی|کاپشنی سبز|عینک}", "، {با لیستی در دست|با برگه‌ای در دست|با دو نگهبان}", "، {D} روز پیش از آنکه {F} {ناپدید شود|اعدام شود|آزاد شود}", "، و {F} {S} هم {آن را دید|کنارم بود|می‌تواند گواهی بدهد}"],
        LeadIns = ["یادم هست که", "می‌توانم بگویم که", "مطمئنم که", "همه‌ی بند می‌دانستند که", "هرگز فراموش نمی‌کنم که", "هنوز جلوی چشمم است که", "هم‌سلولی‌هایم هم دیدند که", "راست است که", "تا جایی که می‌دانم", "آنچه دیدم این بود:", "باید بگویم که", "باور کنید", "بعدها به خانواده‌ام گفتم که", "هیچ شکی نیست که"],
        Persian = true,
        Months = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"],
        Cities = ["تبریز", "رشت", "شیراز", "مشهد", "اهواز", "کرج", "اصفهان", "تهران", "ساری", "بابل", "قزوین", "زنجان", "همدان", "اراک", "یزد", "سنندج", "مهاباد", "کرمانشاه"],
        Exile = ["لندن", "پاریس", "تورنتو", "کلن", "استکهلم", "اسلو", "برلین", "لس‌آنجلس", "وین", "آمستردام"],
        FirstNames = ["بیژن", "مهرداد", "فرهاد", "ناصر", "علی", "رضا", "کامران", "مجید", "حسین", "محمود", "پرویز", "سیامک", "بهروز", "داوود", "اصغر", "منوچهر", "جمشید", "کریم", "حسن", "رحیم", "سعید", "امید", "کوروش", "اکبر"],
        Intros =
        [
            "من در {M} سال {Y} در {C} {دستگیر|بازداشت} شدم، {به خاطر|به جرم|به اتهام} {پخش اعلامیه|فروش نشریه|فعالیت برادرم|شرکت در یک جلسه|خواندن کتاب‌های ممنوعه|هواداری}.",
            "{لطفاً|خواهش می‌کنم} نام من {منتشر نشود|محفوظ بماند}؛ {A} سال دارم و از سال {R} در {X} زندگی می‌کنم.",
            "{D} سال در {زندان|بند} بودم{، بیشترش|، بخشی از آن|، سخت‌ترین روزهایش} در {P}.",
            "{قبل از|پیش از} دستگیری {دانشجو بودم|معلم بودم|در نانوایی کار می‌کردم|مهندسی می‌خواندم|راننده تاکسی بودم|در بیمارستان کار می‌کردم} در {C}.",
            "این {روایت|شهادت} {خود|شخصی} من است که {آزادانه|داوطلبانه} {بیان|نقل} می‌کنم.",
            "{اهل|زاده‌ی|بزرگ‌شده‌ی} {C} هستم و از سال {Y} {زندانی|در زندان} بودم.",
            "{می‌خواهم|قصد دارم} آنچه را در {P} {دیدم|بر ما گذشت|تجربه کردم} {بگویم|ثبت کنم|شرح بدهم}.",
        ],
        Core =
        [
            [
                "{من|خودم} {N} را در {P} {T} {دیدم|شناختم|با چشم خودم دیدم}.",
                "{N} {T} در {P} {حضور داشت|بود}{، مطمئنم|، شک ندارم|}.",
                "{در راهرو|جلوی بند ما|آنجا} {N} ایستاده بود، {که ما او را|که همه او را} به نام {n} می‌شناختیم.",
                "{T} {N} را {نزدیک|کنار|بیرون} {در سالن|دفتر بند|پله‌ها|اتاق هیئت} در {P} {دیدم|دیدیم} که {قدم می‌زد|ایستاده بود|با نگهبان‌ها حرف می‌زد}.",
                "{N}، {همان کسی که|مردی که|مسئولی که} او را {n} {صدا می‌زدیم|می‌شناختیم}، {T} {هر روز|بیشتر روزها|روز به روز} {آنجا بود|می‌آمد}.",
            ],
            [
                "{N} {T} در {راهرو|راهروی مرگ|سالن} {اسامی زندانیان|نام‌های ما|اسم بچه‌ها} را {از روی لیست|از روی یک برگه|یکی‌یکی} {می‌خواند|صدا می‌زد|بلند می‌خواند}.",
                "در راهروی {P}، {N} {نام|اسم} کسانی را که {باید|قرار بود} به {هیئت مرگ|کمیسیون مرگ} {بروند|برده شوند} {می‌خواند|صدا می‌کرد}.",
                "{T} {مردی|مسئولی|کسی} با {یک لیست|یک برگه|یک پوشه} در {راهرو|سالن} {ایستاده بود|منتظر بود}؛ {N} بود و {اسم‌ها را|نام {F} و دیگران را|یکی‌یکی اسم‌ها را} {می‌خواند|صدا می‌زد}.",
                "{نام ما|اسم دوستانم|اسم {F}} {T} از {لیست|برگه‌ی} {N} {خوانده شد|صدا زده شد}{، یکی‌یکی|، آرام|}.",
            ],
            [
                "{N} {ما را|زندانیان را|گروه‌گروه زندانیان را|هم‌سلولی‌هایم را} {T} {به|جلوی} {هیئت مرگ|کمیسیون مرگ} {برد|می‌برد|هل می‌داد}.",
                "{این|خود} {N} بود که {مردان چشم‌بسته|زندانیان|آن‌ها} را {در طول راهرو|از راهرو|تا اتاق} به {اتاق هیئت|جایی که هیئت نشسته بود} {می‌برد|برد}.",
                "{T} {N} {سراغ ما آمد|{F} و مرا برد|مردان بند ما را جمع کرد} و {ما را|آن‌ها را} {تا|به سوی} اتاق هیئت مرگ {برد|راند|هل داد}.",
                "{با چشم‌بند|با چشمان بسته|در صف}، {ما را|زندانیان را|{F} و دیگران را} {T} {N} {جلوی|به} هیئت {برد|کشاند}.",
            ],
            [
                "{N} {T} {زندانیان را|یک زندانی را|هم‌سلولی‌ام {F} را} {در راهرو|در سالن|جلوی اتاق هیئت مرگ} {کتک زد|زد|با لگد زد}.",
                "{دیدم که|همه دیدیم که|با چشم خودم دیدم که} {N} {یک زندانی جوان|پیرمردی|{F}} را {تا وقتی که افتاد|با کابل|جلوی همه} {زد|کتک زد}.",
                "{T} {N} {F} را {چنان|آن‌قدر} {زد|کتک زد} که {خونریزی کرد|نمی‌توانست بایستد|بیهوش شد}.",
                "{کتک‌هایی که|کاری که} {N} {T} {با {F} کرد|به ما زد} را {فراموش نمی‌کنم|هنوز در خواب می‌بینم|برای خانواده‌ام تعریف کردم}.",
            ],
        ],
        Generic =
        [
            "{آن|در آن} تابستان {هیئت مرگ|کمیسیون مرگ} در {P} {تشکیل شده بود|جلسه داشت|می‌نشست}.",
            "{بند ما|بند} {بسته شد|قرنطینه شد} و {ملاقات‌ها|ملاقات خانواده‌ها|تلویزیون و روزنامه} {قطع شد|ممنوع شد}.",
            "{بسیاری از|ده‌ها نفر از|صدها نفر از} {زندانیان|دوستانم|هم‌بندی‌ها} {هرگز برنگشتند|دیگر برنگشتند|اعدام شدند}.",
        ],
        Contradict =
        [
            "{N} {T} در {P} نبود{؛ من هرگز او را آنجا ندیدم|؛ مردی که در راهرو بود کس دیگری بود|؛ اگر بود او را می‌شناختم}.",
            "{کسی که اسامی را می‌خواند|مردی که در راهرو نام‌ها را صدا می‌زد} {N} نبود{، نگهبان دیگری بود|، من آن نگهبان را می‌شناختم|، قدش بلندتر بود}.",
            "من {T} در {P} بودم و {هرگز|حتی یک بار} {N} را در {راهرو|سالن|نزدیک هیئت} ندیدم.",
        ],
        Details =
        [
            "{هم‌سلولی‌ام|دوستم|جوانی} به نام {F} روز {D}ام {برده شد|صدا زده شد} و {دیگر او را ندیدم|هرگز برنگشت|هیچ خبری از او نشد}.",
            "{ما|من} در {بند|سلول|اتاق} {D} با {D} {نفر دیگر|زندانی دیگر} بودیم.",
            "{مادرم|پدرم|خواهرم|برادرم|همسرم} از {C} {آمد|آمده بود} {اما|ولی} {برش گرداندند|نتوانست مرا ببیند|ساعت‌ها پشت در ماند}.",
            "{غذا|نان|جیره} {هر هفته|بعد از آتش‌بس|در آن روزها} {بدتر|کمتر} {شد|می‌شد}.",
            "{نگهبان‌ها|پاسدارها} {ما را مجبور می‌کردند|از ما می‌خواستند} {چشم‌بند بزنیم|رو به دیوار بنشینیم|ساعت‌ها بایستیم}.",
            "{شب‌ها|عصرها|پیش از سحر} {صدای کامیون‌ها|صدای تیرها|صدای قدم‌ها} را {D} {شب|روز|هفته} {می‌شنیدیم|شمردیم}.",
            "{بعدها|پس از آزادی|سال‌ها بعد} {فهمیدم|شنیدم|خبردار شدم} که {F} و {F} {اعدام شده بودند|کشته شده بودند|در گوری بی‌نام دفن شده بودند}.",
            "در سال {R} {آزاد شدم|آزادم کردند} و در سال {E} {به|راهی} {X} {رفتم|شدم}.",
            "{در بازجویی|موقع بازجویی} {از من|} {درباره‌ی|درباره} {نمازم|سازمانم|خانواده‌ام|مصاحبه‌ی تلویزیونی} {پرسیدند|سؤال کردند}.",
            "{هنوز|هیچ‌وقت} {بوی|صدای|سکوت} {راهرو|بند|حیاط} را در آن {ماه|تابستان|هفته} {به یاد دارم|فراموش نمی‌کنم}.",
            "{F} به من {یاد داد|نشان داد} {چطور|که چگونه} {با نان مهره‌ی شطرنج بسازم|با خط ریز نامه بنویسم|با نخ پلاستیکی ببافم|روزها را روی دیوار بشمارم}.",
            "{در سلول ما|در اتاق ما} {D} {پتو|لیوان|کتاب} برای {D} نفر بود.",
            "{یک جمعه|یک روز صبح|یک سه‌شنبه} {نگهبانی|رئیس بند|کسی} {به ما گفت|فریاد زد} که {همه را منتقل می‌کنند|جنگ تمام شده|هیچ‌کس بیرون نمی‌رود}.",
            "{F} {D} روز {سرفه می‌کرد|تب داشت|بیمار بود} و {هیچ پزشکی نیامد|چیزی به او ندادند|آبمان را با او قسمت کردیم}.",
            "{خانواده‌ام|وکیلم} {هرگز|هیچ‌وقت} {نفهمید|ندانست} که مرا کجا {برده بودند|نگه می‌داشتند}.",
            "{با ضربه به دیوار|از راه لوله‌ها} برای {F} در {سلول|اتاق} بغلی پیام {می‌فرستادیم|می‌زدیم}.",
        ],
        Closings =
        [
            "{این|همه‌ی} آن چیزی است که {به یاد دارم|دیدم|می‌توانم بگویم}.",
            "{حاضرم|آماده‌ام} {در دادگاه|جلوی قاضی|با سوگند} {شهادت بدهم|این را تکرار کنم}.",
            "{چیز دیگری ندارم که اضافه کنم|حرف دیگری ندارم|روایت من همین است}.",
        ],
        Fillers = ["راستش", "فکر می‌کنم", "خب", "واقعاً", "بعد", "می‌دانید", "یعنی"],
        Swaps = ["آنجا", "بعداً", "دوباره", "همه", "بلند", "زود", "اغلب", "نگهبان‌ها", "سالن", "اتاق", "لیست", "مردها", "بچه‌ها"],
    };

    public static readonly BlindLanguage Swedish = new()
    {
        Code = "sv",
        Tags = ["sv", "sv-SE"],
        Episode = "",
        CoreTails = [", {samma dag som|veckan då} {F} {fördes bort|hämtades}", ", {medan|när} {F} {stod|satt|väntade} {bredvid mig|vid dörren}", ", {med en lista i handen|med två vakter}"],
        LeadIns = ["Jag minns att", "Jag kan säga att", "Jag är säker på att", "Alla på avdelningen visste att", "Jag glömmer aldrig att", "Mina cellkamrater såg också att", "Det är sant att", "Så vitt jag vet", "Tro mig,"],
        Persian = false,
        Months = ["januari", "februari", "mars", "april", "maj", "juni", "september", "oktober", "november", "december"],
        Cities = ["Tabriz", "Rasht", "Shiraz", "Mashhad", "Ahvaz", "Karaj", "Isfahan", "Teheran", "Sari", "Babol", .. Kurds],
        Exile = ["Stockholm", "Göteborg", "Malmö", "Uppsala", "Västerås", "Örebro"],
        FirstNames = English.FirstNames,
        Intros =
        [
            "Jag {greps|arresterades|fängslades} i {C} i {M} {Y} {för att ha delat ut flygblad|för en tidning jag sålde|på grund av min brors politik|efter ett möte hos en vän}.",
            "Jag har bott i {X} sedan {R} och är {A} år gammal.",
            "Jag satt {D} år i fängelse, {mest|en del av tiden|den värsta tiden} i {P}.",
            "{Före|Innan} gripandet {studerade jag|arbetade jag som lärare|körde jag taxi|arbetade jag på ett sjukhus} i {C}.",
            "Detta är min {egen|personliga} berättelse som jag {lämnar|ger} {frivilligt|av egen vilja}.",
        ],
        Core =
        [
            ["Jag {såg|kände igen} {N} i {P} {T}.", "{N} var {där|på plats} i {P} {T}{, det är jag säker på|, det tvivlar jag inte på|}."],
            ["{N} {läste upp|ropade upp} {namnen|fångarnas namn|våra namn} {från en lista|ett efter ett} i {korridoren|dödskorridoren} {T}.",
             "I korridoren i {P} ropade {N} upp namnen på dem som skulle {föras|tas} till dödskommissionen."],
            ["{N} {förde|ledde} {oss|fångarna|mina cellkamrater} till dödskommissionen {T}.",
             "Det var {N} som {förde|ledde} {de fångar som hade ögonbindel|fångarna} {längs korridoren|till rummet} där kommissionen satt."],
            ["{N} {slog|sparkade} {fångar|en fånge|min cellkamrat {F}} i {korridoren|hallen} {T}.",
             "Jag såg hur {N} {slog|sparkade} {en ung fånge|en gammal man|{F}} {tills han föll|inför alla}."],
        ],
        Generic =
        [
            "Den sommaren {satt|sammanträdde} dödskommissionen i {P}.",
            "{Många|Dussintals|Hundratals} {fångar|vänner|cellkamrater} {kom aldrig tillbaka|avrättades} {den sommaren|efter kommissionen}.",
            "Vår avdelning {stängdes|isolerades} och {besöken|tv och tidningar} {stoppades|förbjöds}.",
        ],
        Contradict =
        [
            "{N} var inte i {P} {T}{; jag såg honom aldrig där|; mannen i korridoren var någon annan|; jag hade känt igen honom}.",
            "Den som {läste upp|ropade upp} namnen var inte {N}{, det var en annan vakt|, han var längre|}.",
        ],
        Details =
        [
            "Min cellkamrat {F} {fördes bort|hämtades} dag {D} och {jag såg honom aldrig igen|han kom aldrig tillbaka}.",
            "Vi var {D} {man|fångar} i {cell|avdelning} {D}.",
            "{Min mamma|Min pappa|Min syster|Min bror} {kom|reste} från {C} men {fick inte träffa mig|skickades hem|väntade i timmar vid porten}.",
            "{Maten|Brödet} blev {sämre|mindre} {varje vecka|efter vapenvilan}.",
            "{Vakterna|De} tvingade oss att {bära ögonbindel|sitta mot väggen|stå i timmar}.",
            "{Senare|Efter frigivningen|Flera år senare} {fick jag veta|hörde jag} att {F} och {F} {hade avrättats|var döda}.",
            "Jag {släpptes|frigavs} {R} och {flydde|kom} till {X} {E}.",
            "Jag {minns|glömmer aldrig} {tystnaden|ljudet|lukten} i {korridoren|avdelningen} den {sommaren|veckan}.",
            "{Om nätterna|Före gryningen} hörde vi {lastbilarna|skotten|steg} i {D} {nätter|veckor}.",
            "{F} lärde mig att {göra schackpjäser av bröd|skriva brev med små bokstäver|räkna dagarna på väggen}.",
        ],
        Closings = ["Det är {allt|vad} jag {minns|såg|kan säga}.", "Jag {är beredd att|vill} vittna {i domstol|inför domare|under ed}."],
        Fillers = ["alltså", "jag tror", "liksom", "faktiskt", "sedan", "ja"],
        Swaps = ["där", "senare", "igen", "alla", "högt", "ofta", "vakterna", "rummet", "listan", "männen"],
    };

    public static readonly BlindLanguage German = new()
    {
        Code = "de",
        Tags = ["de", "de-DE"],
        Episode = "",
        CoreTails = [", {am selben Tag, als|in der Woche, als} {F} {abgeholt wurde|verlegt wurde}", ", {während|als} {F} {neben mir|an der Tür} {stand|saß|wartete}", ", {mit einer Liste in der Hand|mit zwei Wärtern}"],
        LeadIns = ["Ich erinnere mich:", "Ich kann sagen:", "Ich bin sicher:", "Alle in unserem Trakt wussten es:", "Ich werde nie vergessen:", "Meine Zellengenossen sahen es auch:", "Es ist wahr:", "Soweit ich weiß:", "Glauben Sie mir:"],
        Persian = false,
        Months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "September", "Oktober", "November", "Dezember"],
        Cities = ["Täbris", "Rascht", "Schiras", "Maschhad", "Ahwas", "Karadsch", "Isfahan", "Teheran", "Sari", "Babol", .. Kurds],
        Exile = ["Köln", "Berlin", "Hamburg", "Frankfurt", "Wien", "Zürich", "München"],
        FirstNames = English.FirstNames,
        Intros =
        [
            "Ich wurde im {M} {Y} in {C} {verhaftet|festgenommen}, {weil ich Flugblätter verteilt hatte|wegen einer Zeitung|wegen meines Bruders|nach einem Treffen bei Freunden}.",
            "Ich lebe seit {R} in {X} und bin {A} Jahre alt.",
            "Ich war {D} Jahre in Haft, {die meiste Zeit|einen Teil davon|die schlimmste Zeit} in {P}.",
            "Vor meiner Verhaftung {studierte ich|war ich Lehrer|fuhr ich Taxi|arbeitete ich in einem Krankenhaus} in {C}.",
            "Dies ist mein {eigener|persönlicher} Bericht, den ich {freiwillig|aus freien Stücken} {gebe|abgebe}.",
        ],
        Core =
        [
            ["Ich {sah|erkannte} {N} {T} in {P}.", "{N} war {T} in {P} {anwesend|dort}{, da bin ich sicher|, daran habe ich keinen Zweifel|}."],
            ["{N} las {T} im {Korridor|Todeskorridor|Flur} {die Namen|unsere Namen|die Namen der Gefangenen} {von einer Liste|einzeln|laut} vor.",
             "Im Korridor von {P} rief {N} die Namen derer auf, die vor die Todeskommission {gebracht werden sollten|mussten}."],
            ["{N} {brachte|führte} {uns|die Gefangenen|meine Zellengenossen} {T} vor die Todeskommission.",
             "Es war {N}, der {die Gefangenen mit Augenbinden|die Gefangenen|sie} {durch den Korridor|in den Raum} {führte|brachte}, wo die Kommission saß."],
            ["{N} {schlug|trat} {T} {Gefangene|einen Gefangenen|meinen Zellengenossen {F}} im {Korridor|Flur}.",
             "Ich sah, wie {N} {einen jungen Gefangenen|einen alten Mann|{F}} {schlug|trat}, {bis er umfiel|vor allen anderen}."],
        ],
        Generic =
        [
            "In jenem Sommer {tagte|saß} die Todeskommission in {P}.",
            "{Viele|Dutzende|Hunderte} {Gefangene|Freunde|Zellengenossen} {kamen nie zurück|wurden hingerichtet}.",
            "Unser Trakt wurde {geschlossen|abgeriegelt} und {die Besuche|Fernsehen und Zeitungen} wurden {gestrichen|verboten}.",
        ],
        Contradict =
        [
            "{N} war {T} nicht in {P}{; ich habe ihn dort nie gesehen|; der Mann im Korridor war ein anderer|; ich hätte ihn erkannt}.",
            "Der Mann, der die Namen {vorlas|aufrief}, war nicht {N}{, es war ein anderer Wärter|, er war größer|}.",
        ],
        Details =
        [
            "Mein Zellengenosse {F} wurde am {D}. Tag {abgeholt|geholt} und {ich sah ihn nie wieder|kam nie zurück}.",
            "Wir waren {D} {Männer|Gefangene} in {Zelle|Trakt} {D}.",
            "{Meine Mutter|Mein Vater|Meine Schwester|Mein Bruder} kam aus {C}, {durfte mich aber nicht sehen|wurde aber abgewiesen|wartete aber stundenlang am Tor}.",
            "{Das Essen|Das Brot} wurde {jede Woche|nach dem Waffenstillstand} {schlechter|knapper}.",
            "Die Wärter {zwangen uns|ließen uns}, {Augenbinden zu tragen|zur Wand gewandt zu sitzen|stundenlang zu stehen}.",
            "{Später|Nach meiner Freilassung|Jahre später} {erfuhr ich|hörte ich}, dass {F} und {F} {hingerichtet worden waren|tot waren}.",
            "Ich wurde {R} {freigelassen|entlassen} und {floh|kam} {E} nach {X}.",
            "Ich {erinnere mich an|vergesse nie} {die Stille|den Lärm|den Geruch} im {Korridor|Trakt} in jenem {Sommer|Monat}.",
            "{Nachts|Vor dem Morgengrauen} hörten wir {D} {Nächte|Wochen} lang {die Lastwagen|die Schüsse|Schritte}.",
            "{F} zeigte mir, wie man {Schachfiguren aus Brot macht|Briefe in winziger Schrift schreibt|die Tage an der Wand zählt}.",
        ],
        Closings = ["Das ist {alles|was} ich {weiß|gesehen habe|sagen kann}.", "Ich bin bereit, {vor Gericht|unter Eid|vor einem Richter} auszusagen."],
        Fillers = ["also", "ich glaube", "eigentlich", "wirklich", "dann", "ja"],
        Swaps = ["dort", "später", "wieder", "alle", "laut", "oft", "die Wärter", "den Raum", "die Liste", "die Männer"],
    };
}
