using WakeWord.Datasets.Util;

namespace WakeWord.Datasets.Synthesis;

/// <summary>
/// Built-in English text for negatives: common words, ordinary sentences, and a small grammar that makes
/// more sentences from seeded choices. Written for this project; no external corpus is needed.
/// </summary>
public static class TextSources
{
    public static readonly IReadOnlyList<string> Words =
    [
        "about", "after", "again", "air", "all", "almost", "along", "also", "always", "animal", "answer", "apple",
        "around", "away", "baby", "back", "ball", "bank", "basket", "beach", "bear", "because", "bed", "before",
        "begin", "behind", "below", "best", "better", "between", "bicycle", "bird", "black", "blue", "boat", "body",
        "book", "bottle", "bread", "bridge", "bright", "brother", "brown", "build", "butter", "button", "cabin",
        "cake", "camera", "candle", "car", "card", "carry", "castle", "cat", "chair", "change", "cheese", "child",
        "circle", "city", "clean", "clock", "close", "cloud", "coffee", "cold", "color", "come", "corner", "cotton",
        "country", "cover", "cup", "dance", "dark", "daughter", "day", "desk", "dinner", "doctor", "dog", "door",
        "down", "dream", "drink", "drive", "early", "earth", "east", "easy", "egg", "eight", "engine", "evening",
        "every", "eye", "face", "family", "farm", "fast", "father", "feather", "field", "finger", "fire", "fish",
        "five", "flower", "follow", "food", "forest", "forward", "four", "friend", "garden", "gate", "give", "glass",
        "go", "gold", "good", "grass", "green", "ground", "group", "grow", "hammer", "hand", "happy", "hat", "head",
        "heart", "heavy", "hello", "help", "here", "high", "hill", "hold", "home", "horse", "hour", "house",
        "island", "jacket", "juice", "jump", "kettle", "key", "kitchen", "ladder", "lake", "lamp", "large", "late",
        "laugh", "leaf", "left", "lemon", "letter", "light", "listen", "little", "long", "machine", "market",
        "matter", "maybe", "measure", "middle", "milk", "minute", "money", "monday", "moon", "morning", "mother",
        "mountain", "music", "name", "near", "never", "night", "nine", "north", "nothing", "number", "ocean",
        "office", "often", "okay", "one", "open", "orange", "order", "paper", "parent", "party", "pencil",
        "people", "picture", "planet", "plate", "please", "pocket", "potato", "power", "question", "quiet",
        "rabbit", "radio", "rain", "ready", "record", "remember", "rest", "right", "river", "road", "rocket",
        "room", "round", "run", "saturday", "school", "season", "second", "seven", "shadow", "shoe", "short",
        "silver", "simple", "sister", "six", "sleep", "slow", "small", "snow", "soft", "something", "song", "soon",
        "south", "speak", "spring", "square", "start", "station", "stone", "stop", "story", "street", "strong",
        "summer", "sunday", "table", "teacher", "telephone", "ten", "thank you", "three", "ticket", "tiger",
        "today", "tomorrow", "tonight", "train", "travel", "tree", "turn", "two", "umbrella", "under", "up",
        "valley", "village", "wait", "walk", "wall", "warm", "watch", "water", "weather", "west", "what", "where",
        "white", "window", "winter", "wood", "word", "world", "yellow", "yes", "yesterday", "zero",
    ];

    public static readonly IReadOnlyList<string> Sentences =
    [
        "The kettle is on, so we can have tea in a minute.",
        "Please close the window before it starts to rain.",
        "I think the train leaves at half past seven.",
        "Could you turn the music down a little?",
        "We walked along the river until it got dark.",
        "The meeting has been moved to Thursday afternoon.",
        "She left her umbrella on the bus again.",
        "Dinner will be ready in about twenty minutes.",
        "My brother is learning to play the piano.",
        "There is a small bakery at the end of the street.",
        "Do you know where I put my keys?",
        "The children are playing in the garden.",
        "It was colder this morning than yesterday.",
        "Let me know when you get home safely.",
        "The library opens at nine on weekdays.",
        "He painted the fence a bright shade of green.",
        "We should buy more milk on the way back.",
        "The forecast says there will be snow tonight.",
        "I read that book last summer and loved it.",
        "Turn left at the second set of lights.",
        "The cat is sleeping on the warm windowsill.",
        "Can you send me the pictures from the party?",
        "Our flight was delayed by almost two hours.",
        "The soup needs a little more salt.",
        "They are building a new bridge across the valley.",
        "I will call you back after lunch.",
        "The garden looks lovely in the spring.",
        "Remember to water the plants on Sunday.",
        "The store is closed for the holiday.",
        "What time does the film start tonight?",
        "He always takes the long way to work.",
        "The baby finally fell asleep after midnight.",
        "We found an old map in the attic.",
        "The coffee machine in the office is broken again.",
        "She runs five kilometres every morning.",
        "Put the plates in the cupboard above the sink.",
        "The wind knocked over the recycling bin.",
        "I need to charge my phone before we go.",
        "Everyone clapped when the band walked on stage.",
        "The bus stop is just around the corner.",
        "Would you like some more cake?",
        "My grandmother grows tomatoes in her greenhouse.",
        "The printer is out of paper.",
        "We watched the sunset from the top of the hill.",
        "The doctor said to rest for a few days.",
        "I can never remember his telephone number.",
        "The museum has a new exhibition about ships.",
        "Please wipe your feet before you come inside.",
        "The river flooded the fields last winter.",
        "Somebody left the lights on in the garage.",
        "The new neighbours seem very friendly.",
        "Let's meet outside the station at noon.",
        "The dog barked at the postman all morning.",
        "I have a dentist appointment on Friday.",
        "The soup is too hot to eat right now.",
        "Our team won the match by a single point.",
        "There are seven days in a week.",
        "The shop on the corner sells fresh bread.",
        "Could you pass me the salt and pepper?",
        "The lamp in the hallway needs a new bulb.",
        "He forgot to lock the back door.",
        "The sky turned orange just before the storm.",
        "I am going to the market this afternoon.",
        "The teacher wrote the answer on the board.",
        "Snow covered the mountains all the way down.",
        "The water in the lake is very clear today.",
        "We are painting the kitchen yellow.",
        "The old clock in the hall stopped at noon.",
        "Please speak a little louder, I can't hear you.",
        "The heating comes on at six in the morning.",
    ];

    private static readonly string[] Subjects =
    [
        "my sister", "the driver", "our neighbour", "the old man", "a small child", "the teacher", "my friend",
        "the manager", "a tall woman", "the farmer", "your cousin", "the pilot", "everyone", "the cook", "nobody",
    ];

    private static readonly string[] Verbs =
    [
        "found", "painted", "carried", "opened", "forgot", "cleaned", "sold", "bought", "fixed", "dropped",
        "borrowed", "wrapped", "counted", "lost", "moved", "checked", "returned", "noticed",
    ];

    private static readonly string[] Objects =
    [
        "the blue bicycle", "a heavy box", "the garden gate", "an old letter", "the kitchen table", "a wooden chair",
        "the front door", "a basket of apples", "the silver key", "the broken radio", "a warm jacket",
        "the red umbrella", "a bag of flour", "the tickets", "the map",
    ];

    private static readonly string[] Endings =
    [
        "yesterday", "this morning", "after dinner", "last week", "before the storm", "near the station",
        "in the attic", "at the market", "on the way home", "behind the house", "by the river", "early on Monday",
    ];

    /// <summary>A sentence: a built-in one or one from the grammar, chosen by <paramref name="rng"/>.</summary>
    public static string Sentence(StableRng rng)
    {
        if (rng.Chance(0.5)) return rng.Pick(Sentences);
        var s = $"{rng.Pick(Subjects)} {rng.Pick(Verbs)} {rng.Pick(Objects)} {rng.Pick(Endings)}";
        return char.ToUpperInvariant(s[0]) + s[1..] + (rng.Chance(0.2) ? "?" : ".");
    }

    /// <summary>Lower-case letters and single spaces only: for comparing texts with the wake phrase.</summary>
    public static string Normalize(string text)
    {
        var chars = new char[text.Length];
        var n = 0;
        var space = true;
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetter(c) || c == '\'') { chars[n++] = c; space = false; }
            else if (!space) { chars[n++] = ' '; space = true; }
        }
        return new string(chars, 0, n).Trim();
    }

    /// <summary>True if <paramref name="text"/> contains the phrase as whole words.</summary>
    public static bool ContainsPhrase(string text, string phrase) =>
        $" {Normalize(text)} ".Contains($" {Normalize(phrase)} ", StringComparison.Ordinal);
}
