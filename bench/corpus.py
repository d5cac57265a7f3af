"""A seed-fixed corpus of influencer posts for benchmarks: mostly Vietnamese, some English,
French and Indonesian; 40-600 characters with a long tail; emojis, hashtags, prices, links to
marketplaces and ordinary sites; a few percent violate a rule (cure claims, undisclosed ads,
superlatives, scams, flagged domains and products), some of them obfuscated.

Everything comes from the templates and word lists below: no downloads, no data files."""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

LANGUAGE_WEIGHTS = {"vi": 0.70, "en": 0.15, "fr": 0.075, "id": 0.075}
VIOLATION_RATE = 0.04
DISCLOSED_AD_RATE = 0.08
SHOP_LINK_RATE = 0.015  # a shop link in the links field only, no disclosure: an undisclosed ad
SITE_LINK_RATE = 0.10
HASHTAG_RATE = 0.55

EMOJIS = [*"😍🔥💕✨😂🥰👉💯🌸🍜☕🎉😭🙏💄🛒🌿💪😴🤩👗📸", "☀️", "🏖️", "❤️"]

# --- word lists, per language ------------------------------------------------------------

WORDS: dict[str, dict[str, list[str]]] = {
    "vi": {
        "opener": ["Hôm nay", "Cuối tuần", "Sáng nay", "Tối qua", "Chiều nay", "Mới hôm qua"],
        "place": [
            "quán cà phê",
            "biển Vũng Tàu",
            "Đà Lạt",
            "chợ Bến Thành",
            "phố cổ Hội An",
            "công viên",
            "nhà bà ngoại",
            "Phú Quốc",
            "quán lẩu",
            "hồ Gươm",
        ],
        "people": ["hội bạn thân", "gia đình", "mấy đứa em", "đồng nghiệp", "người yêu"],
        "feeling": ["vui", "mệt nhưng đáng", "chill", "thích", "no căng bụng", "đã"],
        "product": [
            "serum vitamin C",
            "kem chống nắng",
            "son kem lì",
            "sữa rửa mặt",
            "nồi chiên không dầu",
            "máy lọc không khí",
            "áo khoác gió",
            "giày thể thao",
            "tai nghe bluetooth",
            "bình giữ nhiệt",
            "mặt nạ ngủ",
            "dầu gội thảo dược",
        ],
        "adj": [
            "thấm nhanh",
            "mùi dễ chịu",
            "đóng gói xinh",
            "dùng êm",
            "màu đẹp",
            "nhẹ tênh",
            "không bết",
            "giao hàng nhanh",
            "chất vải mát",
            "pin trâu",
        ],
        "food": ["bún bò", "phở gà", "bánh mì", "cơm tấm", "bánh xèo", "chè khúc bạch", "ốc"],
        "city": ["Sài Gòn", "Hà Nội", "Đà Nẵng", "Cần Thơ", "Huế", "Nha Trang"],
        "clothing": [
            "áo sơ mi trắng",
            "quần jean ống rộng",
            "váy hoa nhí",
            "áo len mỏng",
            "chân váy xếp ly",
            "blazer be",
        ],
        "weather": ["nóng", "mưa", "đẹp", "se lạnh", "oi bức"],
        "activity": ["ở nhà đọc sách", "đi bơi", "nấu cơm", "dọn nhà", "xem phim", "chạy bộ"],
        "disease": ["tiểu đường", "xương khớp", "mất ngủ", "dạ dày", "gan nhiễm mỡ", "huyết áp"],
        "health_product": [
            "viên uống thảo dược",
            "trà thảo mộc",
            "cao dán",
            "viên sủi",
            "thực phẩm chức năng",
        ],
    },
    "en": {
        "opener": ["Today", "This weekend", "This morning", "Last night", "Finally"],
        "place": [
            "the beach",
            "a tiny café downtown",
            "the farmers market",
            "my parents' place",
            "the lake",
            "a rooftop bar",
            "the mountains",
        ],
        "people": ["my best friends", "the family", "my sister", "the team", "my partner"],
        "feeling": ["so happy", "exhausted but grateful", "super chill", "in love with it"],
        "product": [
            "vitamin C serum",
            "sunscreen",
            "matte lipstick",
            "air fryer",
            "running shoes",
            "wireless earbuds",
            "water bottle",
            "face mask",
            "linen shirt",
        ],
        "adj": [
            "absorbs fast",
            "smells amazing",
            "feels light",
            "looks cute",
            "lasts all day",
            "ships fast",
            "fits perfectly",
        ],
        "food": ["ramen", "tacos", "banana bread", "pho", "pancakes", "sushi"],
        "city": ["London", "Austin", "Sydney", "Toronto", "Dublin"],
        "clothing": ["white shirt", "wide-leg jeans", "floral dress", "knit cardigan"],
        "weather": ["hot", "rainy", "gorgeous", "chilly"],
        "activity": ["read a book", "go for a swim", "cook something", "clean the flat"],
        "disease": ["diabetes", "arthritis", "insomnia", "eczema", "high blood pressure"],
        "health_product": ["herbal capsules", "detox tea", "this supplement", "these gummies"],
    },
    "fr": {
        "opener": ["Aujourd'hui", "Ce week-end", "Ce matin", "Hier soir", "Enfin"],
        "place": [
            "la plage",
            "un petit café",
            "le marché",
            "chez mes parents",
            "la montagne",
            "les quais de Seine",
        ],
        "people": ["les copines", "la famille", "ma sœur", "l'équipe", "mon chéri"],
        "feeling": ["trop contente", "crevée mais heureuse", "tellement bien", "conquise"],
        "product": [
            "sérum à la vitamine C",
            "crème solaire",
            "rouge à lèvres mat",
            "friteuse à air",
            "baskets",
            "gourde isotherme",
            "masque de nuit",
        ],
        "adj": [
            "pénètre vite",
            "sent bon",
            "texture légère",
            "tient toute la journée",
            "livraison rapide",
        ],
        "food": ["crêpes", "ramen", "tarte aux fraises", "croissants", "raclette"],
        "city": ["Paris", "Lyon", "Marseille", "Bordeaux", "Lille"],
        "clothing": ["chemise blanche", "jean large", "robe fleurie", "gilet en maille"],
        "weather": ["chaud", "pluvieux", "magnifique", "frais"],
        "activity": ["lire", "nager", "cuisiner", "ranger l'appart"],
        "disease": ["le diabète", "l'arthrose", "l'insomnie", "l'eczéma"],
        "health_product": ["ces gélules", "cette tisane", "ce complément", "ces gummies"],
    },
    "id": {
        "opener": ["Hari ini", "Akhir pekan ini", "Pagi ini", "Semalam", "Akhirnya"],
        "place": ["pantai", "kafe kecil", "pasar", "rumah nenek", "Bali", "puncak"],
        "people": ["sahabat", "keluarga", "adik", "tim kantor", "pacar"],
        "feeling": ["senang banget", "capek tapi puas", "santai", "suka banget"],
        "product": [
            "serum vitamin C",
            "sunscreen",
            "lipstik matte",
            "air fryer",
            "sepatu lari",
            "earbuds",
            "botol minum",
            "masker wajah",
        ],
        "adj": ["cepat meresap", "wanginya enak", "ringan", "tahan lama", "pengiriman cepat"],
        "food": ["bakso", "nasi goreng", "sate ayam", "martabak", "es teh"],
        "city": ["Jakarta", "Bandung", "Surabaya", "Yogyakarta", "Medan"],
        "clothing": ["kemeja putih", "celana kulot", "dress bunga", "kardigan rajut"],
        "weather": ["panas", "hujan", "cerah", "sejuk"],
        "activity": ["baca buku", "berenang", "masak", "beres-beres rumah"],
        "disease": ["diabetes", "asam urat", "insomnia", "maag", "darah tinggi"],
        "health_product": ["kapsul herbal", "teh detoks", "suplemen ini", "jamu ini"],
    },
}

SENTENCES: dict[str, list[str]] = {
    "vi": [
        "{opener} mình đi {place} với {people}, {feeling} lắm {emoji}",
        "Review nhanh {product}: {adj}, {adj}, giá {price} {emoji}",
        "Ai ở {city} thì ghé ăn {food} thử nha, ngon xỉu {emoji}",
        "Outfit hôm nay: {clothing} phối với {clothing}, đơn giản mà xinh {emoji}",
        "Routine buổi tối của mình: tẩy trang, rửa mặt, toner rồi {product}",
        "Cảm ơn mọi người đã ủng hộ kênh trong suốt thời gian qua {emoji}",
        "Trời {weather} quá, thôi {activity} cho lành {emoji}",
        "{opener} ăn {food} ở {city} hết {price} mà no căng",
        "Hôm nay là ngày vui nhất tuần của mình {emoji}",
        "Mình dùng {product} được 2 tháng rồi, thấy {adj} nên chia sẻ",
        "Livestream tối nay 8h nha cả nhà, hẹn gặp mọi người {emoji}",
        "Xe hư phải mang đi sửa chữa mất cả buổi sáng 😭",
        "Có ai biết chỗ nào {city} bán {clothing} đẹp không chỉ mình với",
        "Video mới đã lên kênh rồi nha, xem xong nhớ để lại bình luận {emoji}",
        "Nhớ uống đủ nước và ngủ sớm nha mọi người, sức khỏe là nhất",
        "Bác sĩ khuyên nên đi khám sức khỏe định kỳ 6 tháng một lần",
        "Mẹo nhỏ: để {food} qua đêm trong tủ lạnh vẫn ngon",
        "{opener} đọc xong một cuốn sách hay, tuần sau review nha",
    ],
    "en": [
        "{opener} we went to {place} with {people}, {feeling} {emoji}",
        "Quick review of my {product}: {adj}, {adj}, {price} {emoji}",
        "If you're in {city}, try the {food} at this place, unreal {emoji}",
        "Today's outfit: {clothing} with a {clothing}, simple but cute {emoji}",
        "It's so {weather} today, time to {activity} {emoji}",
        "Thank you all for the support this year {emoji}",
        "Been using this {product} for two months and it {adj}",
        "New video is up on the channel, let me know what you think {emoji}",
        "Best day of the week with {people} {emoji}",
        "Remember to drink water and sleep early, friends",
        "My doctor says rest is the best medicine for a cold",
    ],
    "fr": [
        "{opener} on est allées à {place} avec {people}, {feeling} {emoji}",
        "Petit avis sur mon {product} : {adj}, {adj}, {price} {emoji}",
        "Si vous passez à {city}, goûtez les {food} de ce resto {emoji}",
        "Tenue du jour : {clothing} et {clothing}, simple mais jolie {emoji}",
        "Il fait tellement {weather} aujourd'hui, je vais {activity} {emoji}",
        "Merci à tous pour votre soutien cette année {emoji}",
        "J'utilise ce {product} depuis deux mois et il {adj}",
        "Nouvelle vidéo en ligne, dites-moi ce que vous en pensez {emoji}",
    ],
    "id": [
        "{opener} jalan ke {place} bareng {people}, {feeling} {emoji}",
        "Review singkat {product}: {adj}, {adj}, harganya {price} {emoji}",
        "Kalau ke {city} wajib coba {food} di sini, enak banget {emoji}",
        "Outfit hari ini: {clothing} dan {clothing}, simpel tapi manis {emoji}",
        "Cuacanya {weather} banget, mending {activity} {emoji}",
        "Terima kasih semuanya atas dukungannya {emoji}",
        "Sudah pakai {product} dua bulan dan {adj}",
        "Video baru sudah tayang, komen pendapat kalian ya {emoji}",
    ],
}

HASHTAGS = {
    "vi": [
        "#review",
        "#skincare",
        "#reviewmypham",
        "#fyp",
        "#xuhuong",
        "#dulich",
        "#amthuc",
        "#ootd",
        "#saigon",
        "#hanoi",
        "#learnontiktok",
        "#giadinh",
        "#cuocsong",
    ],
    "en": ["#review", "#skincare", "#fyp", "#ootd", "#foodie", "#travel", "#selfcare"],
    "fr": ["#avis", "#skincare", "#ootd", "#voyage", "#cuisine", "#pourtoi"],
    "id": ["#review", "#skincare", "#fyp", "#ootd", "#kuliner", "#jalanjalan"],
}

SITES = [
    "https://vnexpress.net/doi-song-{n}.html",
    "https://www.youtube.com/watch?v=a{n}Xy",
    "https://www.facebook.com/groups/{n}",
    "https://www.instagram.com/p/C{n}q/",
    "https://www.tiktok.com/@linh.review/video/{n}",
    "https://en.wikipedia.org/wiki/Page_{n}",
    "https://medium.com/@blog/post-{n}",
    "https://www.bbc.com/news/world-{n}",
]
SHOPS = [
    "https://shopee.vn/product/{n}/{n}",
    "https://s.shopee.vn/{n}",
    "https://www.lazada.vn/products/i{n}.html",
    "https://shop.tiktok.com/view/product/{n}",
    "https://tiki.vn/p{n}.html",
    "https://shopee.co.id/product/{n}",
    "https://amzn.to/{n}",
]
PRICES = {
    "vi": ["{a}9k", "{a}99k", "{a}.{b}00.000đ", "{a}tr{b}"],
    "en": ["${a}{b}.99", "£{a}.{b}9", "${a}9"],
    "fr": ["{a}{b},99 €", "{a},{b}0 €", "{a}9 €"],
    "id": ["Rp {a}{b}0rb", "Rp{a}{b}.000", "{a}{b}rb"],
}
DISCLOSED = {
    "vi": ["[QC] Hợp tác cùng {brand}:", "Quảng cáo | {brand} x mình:", "#QuangCao cùng {brand}:"],
    "en": ["#ad Paid partnership with {brand}:", "Ad: I teamed up with {brand},", "Sponsored:"],
    "fr": ["#pub Partenariat rémunéré avec {brand} :", "Publicité : collab avec {brand},"],
    "id": ["#iklan Kerja sama berbayar dengan {brand}:", "Iklan: kolaborasi dengan {brand},"],
}
BRANDS = ["Glowy", "Cocoon", "Lumi", "NatureCare", "Mộc Mộc", "Sunny", "Hera"]

# --- violations -------------------------------------------------------------------------

VIOLATIONS: dict[str, dict[str, list[str]]] = {
    "vi": {
        "cure": [
            "Uống {health_product} này mỗi ngày, chữa khỏi {disease} sau 1 tháng, inbox đặt hàng",
            "{health_product} gia truyền trị dứt điểm {disease}, không cần dùng thuốc tây nữa",
        ],
        "undisclosed_ad": [
            "Em {product} này xài mê lắm, nhập mã LINH{n2} giảm {n2}% nha 👉 {shop}",
            "{product} đang sale còn {price}, link mua ở đây nè {shop}",
        ],
        "superlative": [
            "{product} tốt nhất mình từng dùng, nhập mã SALE{n2} giảm {n2}% 🔥",
            "Shop duy nhất bán {product} chính hãng, ib để đặt hàng nha 💯",
        ],
        "scam": [
            "Đầu tư cùng mình, lãi 30%/tháng, cam kết lợi nhuận, rút vốn bất cứ lúc nào 💰",
            "Chúc mừng bạn đã trúng thưởng iPhone 16! Chỉ cần chuyển phí ship 35k để nhận quà",
            "Tuyển CTV online, việc nhẹ lương cao, thu nhập 500k/ngày, ib ngay",
        ],
        "flagged_domain": [
            "Săn deal hot tại {bad_domain} nha cả nhà",
            "Nhận quà tri ân ở đây 👉 https://{bad_domain}/nhan-qua",
        ],
        "flagged_product": ["Mình đang dùng {bad_product}, thấy ổn áp lắm mọi người ơi"],
    },
    "en": {
        "cure": ["Taking {health_product} every day cured my {disease} in 4 weeks, DM to order"],
        "undisclosed_ad": ["Obsessed with my {product} ✨ use code GLOW{n2} for {n2}% off {shop}"],
        "superlative": ["The best {product} on the market, use code BEST{n2} for {n2}% off 🔥"],
        "scam": [
            "Join my trading group, guaranteed returns of 30% per month 📈 DM me",
            "Congratulations! You won our giveaway, just pay the $9.99 shipping fee to claim it",
        ],
        "flagged_domain": ["Get your refund here 👉 https://{bad_domain}/claim"],
        "flagged_product": ["Loving the {bad_product} lately, ask me anything"],
    },
    "fr": {
        "cure": [
            "{health_product} ont guéri mon {disease} en 3 semaines, écris-moi pour commander"
        ],
        "undisclosed_ad": ["J'adore mon {product} ✨ code promo LEA{n2} pour -{n2}% {shop}"],
        "superlative": ["Le meilleur {product} du marché, code promo TOP{n2} pour -{n2}% 🔥"],
        "scam": ["Rendement garanti de 20 % par mois avec mon programme de trading 📈"],
        "flagged_domain": ["Suivez votre colis ici 👉 https://{bad_domain}/suivi"],
        "flagged_product": ["Je teste les {bad_product} en ce moment, bluffant"],
    },
    "id": {
        "cure": ["Minum {health_product} tiap hari, {disease} sembuh total dalam 2 minggu, DM ya"],
        "undisclosed_ad": ["Suka banget sama {product} ini ✨ pakai kode promo AYU{n2} {shop}"],
        "superlative": ["{product} terbaik di pasaran, pakai kode promo TOP{n2} diskon {n2}% 🔥"],
        "scam": ["Investasi bareng aku, keuntungan pasti 30% per bulan, DM untuk gabung 💰"],
        "flagged_domain": ["Klaim hadiahmu di sini 👉 https://{bad_domain}/hadiah"],
        "flagged_product": ["Lagi coba {bad_product}, hasilnya lumayan"],
    },
}
BAD_DOMAINS = {
    "vi": [
        "shopee-sale-vn.top",
        "momo-nhanqua.click",
        "tiktok-hotro.site",
        "a.b.shopee-tri-an.shop",
    ],
    "en": ["paypal-verify.online", "amazon-refund-center.site", "royalmail-redelivery.info"],
    "fr": ["colis-suivi-frais.top", "banque-securite.site", "www.antai-amende.online"],
    "id": ["bca-verifikasi.online", "tokopedia-hadiah.xyz", "jnt-cekresi.click"],
}
BAD_PRODUCTS = {
    "vi": [
        "Trà Giảm Cân Mộc Thanh Tâm",
        "Kem Trị Nám Mộc Lan Hương",
        "viên uống giảm cân thần tốc x9",
    ],
    "en": ["Slim Detox Kalvoro Capsules", "Dermaluxe Zyn Whitening Cream"],
    "fr": ["Gélules Minceur Orvania Brûle-Graisse", "Puff Zéphyra Glacée"],
    "id": ["Jamu Pelangsing Ratu Kencana", "Krim Pemutih Cahaya Ayu Bening"],
}


@dataclass(frozen=True)
class CorpusPost:
    """A generated post, with what was injected into it (None: nothing)."""

    text: str
    language: str
    links: tuple[str, ...]
    paid_partnership: bool
    violation: str | None
    obfuscated: bool


# --- obfuscation ------------------------------------------------------------------------

_CYRILLIC = str.maketrans({"a": "а", "o": "о", "c": "с", "e": "е", "p": "р", "x": "х"})
_LEET = str.maketrans({"a": "@", "o": "0", "e": "3"})


def _dotted(word: str) -> str:
    return ".".join(_clusters(word)) if len(word) > 2 else word


def _clusters(word: str) -> list[str]:
    out: list[str] = []
    for char in unicodedata.normalize("NFC", word):
        if out and unicodedata.combining(char):
            out[-1] += char
        else:
            out.append(char)
    return out


def _styled(word: str) -> str:
    bold = []
    for char in unicodedata.normalize("NFD", word):
        if "a" <= char <= "z":
            bold.append(chr(0x1D41A + ord(char) - ord("a")))
        elif "A" <= char <= "Z":
            bold.append(chr(0x1D400 + ord(char) - ord("A")))
        else:
            bold.append(char)
    return "".join(bold)


def _leet(word: str) -> str:
    return word[0] + word[1:].translate(_LEET) if len(word) > 1 else word


OBFUSCATIONS: list[Callable[[str], str]] = [
    _dotted,
    lambda word: "\u200b".join(_clusters(word)),
    lambda word: word.translate(_CYRILLIC),
    _styled,
    _leet,
]


def obfuscate(text: str, rng: random.Random) -> str:
    """``text`` with one obfuscation applied to two or three of its longer words."""
    method = rng.choice(OBFUSCATIONS)
    words = text.split(" ")
    chosen = [i for i, word in enumerate(words) if len(word) >= 4 and word.isalpha()]
    for index in rng.sample(chosen, min(len(chosen), rng.randint(2, 3))):
        words[index] = method(words[index])
    return " ".join(words)


# --- generation -------------------------------------------------------------------------


class _Writer:
    """Fills templates for one language from the word lists."""

    def __init__(self, rng: random.Random, language: str) -> None:
        self.rng = rng
        self.language = language
        self.words = WORDS[language]

    def fill(self, template: str) -> str:
        rng = self.rng
        values = {key: rng.choice(options) for key, options in self.words.items()}
        values.update(
            emoji=rng.choice(EMOJIS) * rng.choice((1, 1, 1, 2, 3)),
            price=self.price(),
            shop=self.link(SHOPS),
            n2=str(rng.randint(10, 50)),
            bad_domain=rng.choice(BAD_DOMAINS[self.language]),
            bad_product=rng.choice(BAD_PRODUCTS[self.language]),
            brand=rng.choice(BRANDS),
        )
        # a template may use the same slot twice ("{adj}, {adj}"): vary the second one
        text = template
        for key, value in values.items():
            slot = "{" + key + "}"
            if text.count(slot) > 1 and key in self.words:
                text = text.replace(slot, value, 1).replace(slot, rng.choice(self.words[key]))
            text = text.replace(slot, value)
        return text[0].upper() + text[1:] if text else text

    def price(self) -> str:
        template = self.rng.choice(PRICES[self.language])
        return template.format(a=self.rng.randint(1, 9), b=self.rng.randint(0, 9))

    def link(self, templates: list[str]) -> str:
        return self.rng.choice(templates).format(n=self.rng.randint(10_000, 99_999_999))


def _target_length(rng: random.Random) -> int:
    # log-normal around 130 characters: most posts 40-600, a few much longer
    return max(40, min(6_000, int(rng.lognormvariate(math.log(130), 0.75))))


def make_post(rng: random.Random) -> CorpusPost:
    """One post."""
    language = rng.choices(list(LANGUAGE_WEIGHTS), weights=list(LANGUAGE_WEIGHTS.values()))[0]
    writer = _Writer(rng, language)
    target = _target_length(rng)
    sentences: list[str] = []
    while sum(len(s) + 1 for s in sentences) < target:
        sentences.append(writer.fill(rng.choice(SENTENCES[language])))
    links: list[str] = []
    paid = False
    violation, obfuscated = None, False
    disclosed = rng.random() < DISCLOSED_AD_RATE
    if disclosed:
        sentences.insert(0, writer.fill(rng.choice(DISCLOSED[language])))
        sentences.append(writer.link(SHOPS))
        paid = rng.random() < 0.3
    elif rng.random() < SHOP_LINK_RATE:
        links.append(writer.link(SHOPS))  # in the links field only, as platforms give it
        violation = "undisclosed_ad"
    if rng.random() < SITE_LINK_RATE:
        sentences.insert(rng.randrange(len(sentences) + 1), writer.link(SITES))
    if violation is None and rng.random() < VIOLATION_RATE:
        kinds = [k for k in VIOLATIONS[language] if not (disclosed and k == "undisclosed_ad")]
        violation = rng.choice(kinds)
        snippet = writer.fill(rng.choice(VIOLATIONS[language][violation]))
        if violation in ("cure", "undisclosed_ad", "scam") and rng.random() < 0.3:
            snippet, obfuscated = obfuscate(snippet, rng), True
        sentences.insert(rng.randrange(len(sentences) + 1), snippet)
    text = _join(rng, sentences)
    if rng.random() < HASHTAG_RATE:
        tags = rng.sample(HASHTAGS[language], rng.randint(2, 6))
        text += rng.choice(("\n\n", " ", "\n")) + " ".join(tags)
    return CorpusPost(text, language, tuple(links), paid, violation, obfuscated)


def _join(rng: random.Random, sentences: list[str]) -> str:
    parts = []
    for sentence in sentences:
        parts.append(sentence)
        parts.append(rng.choice((" ", " ", ". ", "\n", "! ")))
    return "".join(parts[:-1])


def generate(count: int, seed: int) -> list[CorpusPost]:
    """``count`` posts; the same seed always gives the same posts."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible corpus, not a secret
    return [make_post(rng) for _ in range(count)]
