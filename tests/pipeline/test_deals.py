"""Deal assembly, end to end on short sentences written for these tests.

Each row: text, then the records expected as (deal_type, investors, target, amount,
currency, status, cumulative); amount None for an amountless deal.
"""

from __future__ import annotations

from datetime import date

import pytest

from kdeal import extract

PUB = date(2024, 3, 29)

# fmt: off
CASES = [
    # payer subject, target in 에, won pair stated
    ("아마존은 지난 27일(현지시간) 앤스로픽에 27억5000만달러(약 3조7000억원)를 더 투자한다고 발표했다.",
     [("investment", ["Amazon"], "Anthropic", 2750000000, "USD", "announced", False)]),
    # receiver subject (유치), backers in 으로부터, one shared amount
    ("미스트랄AI는 안드리센호로위츠, 엔비디아 등으로부터 6억유로를 유치했다.",
     [("investment", ["Andreessen Horowitz", "Nvidia"], "Mistral AI", 600000000, "EUR", "completed", False)]),
    # acquisition with object particle, in won
    ("삼성전자는 하만을 80억달러에 인수하기로 합의했다.",
     [("acquisition", ["Samsung Electronics"], "Harman", 8000000000, "USD", "announced", False)]),
    # 각각: one record per investor
    ("마이크로소프트와 엔비디아는 각각 50억달러·100억달러를 앤트로픽에 투자하기로 했다.",
     [("investment", ["Microsoft"], "Anthropic", 5000000000, "USD", "announced", False),
      ("investment", ["Nvidia"], "Anthropic", 10000000000, "USD", "announced", False)]),
    # capex: spending on own assets, no counterparty
    ("SK하이닉스는 용인 반도체 클러스터에 120조원을 투자할 계획이다.",
     [("capex", ["SK Hynix"], None, 120000000000000, "KRW", "planned", False)]),
    # B 인수 논의: the name before the noun 인수 is bought; talks
    ("업계에 따르면 메타는 퓨리오사AI 인수 논의를 다음 달 안에 끝낼 계획이다.",
     [("acquisition", ["Meta"], "FuriosaAI", None, None, "in_talks", False)]),
    # passive: B가 A에 인수됐다
    ("하만은 2017년 삼성전자에 80억달러에 인수됐다.",
     [("acquisition", ["Samsung Electronics"], "Harman", 8000000000, "USD", "completed", False)]),
    # backers named as such beside a running total: a deal of their own
    ("리벨리온은 현재까지 3000억원 넘는 자금을 조달했는데, 카카오벤처스와 KT 등은 초기 투자자로 나섰던 것으로 전해진다.",
     [("investment", [], "리벨리온", 300000000000, "KRW", "completed", True),
      ("investment", ["KT", "Kakao Ventures"], "리벨리온", None, None, "completed", False)]),
    # a list of backers with no round and no target: nothing
    ("군인공제회, 교정공제회, 새마을금고중앙회 등이 우선주 투자자로 참여했다.", []),
    # money put into buying B is an acquisition of B; a supposition is none
    ("한화비전은 아워홈 인수에 3000억원을 출자키로 했다.",
     [("acquisition", ["Hanwha Vision"], "Ourhome", 300000000000, "KRW", "announced", False)]),
    ("LG이노텍이 2000억원에 이르는 자금을 한온시스템 인수에 투입한다면 재무 부담이 커진다.", []),
    # market trading is no deal; a figure recorded is no deal; a cost is no deal
    ("기관은 이번 주 현대차, 기아 등을 매수했다.", []),
    ("설비투자 금액도 전년 대비 50% 늘어난 40조원대를 기록했다.", []),
    ("딥시크가 내세운 약 500만달러의 훈련 비용에 초기 투자 비용이 빠졌을 가능성도 있다.", []),
    # short-term debt is no deal; a failed attempt is no deal
    ("롯데케미칼은 올해에만 총 2000억원 규모 CP를 조달했다.", []),
    ("2022년 사모펀드 MBK파트너스가 8000억원을 투입해 공개매수를 시도했지만 무산됐다.", []),
    # 취득; a minority stake without control is an investment, with control an acquisition
    ("고려아연의 손자회사 선메탈코퍼레이션이 영풍의 지분 10.3%를 취득했다.",
     [("investment", ["Sun Metals Corporation"], "Young Poong", None, None, "completed", False)]),
    ("한화에어로스페이스는 지난해 9월 한화오션 지분 51%를 취득했다.",
     [("acquisition", ["Hanwha Aerospace"], "Hanwha Ocean", None, None, "completed", False)]),
    # …에 나섰다 is done; a date compared with is not the deal's
    ("LS일렉트릭은 지난해 5월 약 800억원 규모의 변압기 증설 투자에 나섰다.",
     [("capex", ["LS Electric"], None, 80000000000, "KRW", "completed", False)]),
    # a sale with the buyer (and its alias) between the company sold and the cue
    ("카카오는 지분 100%를 가진 자회사 멜론컴퍼니를 스틱인베스트먼트(STIC)에 매각했다.",
     [("acquisition", ["STIC Investments"], "멜론컴퍼니", None, None, "completed", False)]),
    # the last sentence's subject buys each company listed (품다 is a verb of buying)
    ("카카오는 2010년 설립된 IT플랫폼 회사다. 지난 2020년에 로엔엔터테인먼트를 인수한 이후 SM엔터테인먼트, 하이브 등을 잇달아 품으면서 사업 기반을 넓혔다.",
     [("acquisition", ["Kakao"], "로엔엔터테인먼트", None, None, "completed", False),
      ("acquisition", ["Kakao"], "SM Entertainment", None, None, "completed", False),
      ("acquisition", ["Kakao"], "HYBE", None, None, "completed", False)]),
    # the buyer a relative clause modifies (B 인수에 나선 A)
    ("한편 롯데손해보험 인수에 나선 우리금융지주는 지난달 금융당국에 승인을 신청했다.",
     [("acquisition", ["Woori Financial Group"], "Lotte Insurance", None, None, "announced", False)]),
    # a corporate bond is debt, no deal
    ("SK하이닉스는 총 9000억원 규모 회사채 조달을 계획했다.", []),
    # a list whose last name is unknown still takes its particle; each listed is a target
    ("삼성전자는 LG화학, 코오롱인더스트리, 자화 등에 투자했다.",
     [("investment", ["Samsung Electronics"], "LG Chem", None, None, "completed", False),
      ("investment", ["Samsung Electronics"], "Kolon Industries", None, None, "completed", False)]),
    # …and a name listed with known ones before 등에 투자 is one too
    ("삼성전자는 LG화학, 코오롱인더스트리, 웅진씽크빅 등에 투자했다.",
     [("investment", ["Samsung Electronics"], "LG Chem", None, None, "completed", False),
      ("investment", ["Samsung Electronics"], "Kolon Industries", None, None, "completed", False),
      ("investment", ["Samsung Electronics"], "웅진씽크빅", None, None, "completed", False)]),
    # a fund's holdings are no deal of the names listed
    ("이 펀드는 KB금융, 신한지주, 하나금융지주 등에 투자한다.", []),
    # B가 발행한 전환사채를 인수: an investment in the issuer
    ("미래에셋증권은 에코프로가 발행한 500억원 규모의 전환사채를 인수했다.",
     [("investment", ["Mirae Asset Securities"], "EcoPro", 50000000000, "KRW", "completed", False)]),
    # A와 컨소시엄을 꾸려 / A와 손잡고: A buys beside the subject; 사들인 is a cue
    ("롯데는 한울PE와 컨소시엄을 꾸려 의류 브랜드 하나패션을 2500억원가량에 사들인 바 있다.",
     [("acquisition", ["Lotte Group", "한울PE"], "하나패션", 250000000000, "KRW", "completed", False)]),
    # a stake bought by a person: later lenders are no backers of a round
    ("김 회장은 한울PE가 보유한 하나테크 지분 4%를 500억원에 사들였다. 하나테크는 신한은행과 국민은행으로부터 자금을 빌렸다.",
     [("investment", [], "하나테크", 50000000000, "KRW", "completed", False)]),
    # A의 B 누적 투자액: A's running total in B
    ("아마존이 앤트로픽에 40억달러를 추가 투자한다. 이로써 아마존의 앤트로픽 누적 투자액은 80억달러로 늘었다.",
     [("investment", ["Amazon"], "Anthropic", 4000000000, "USD", "announced", False),
      ("investment", ["Amazon"], "Anthropic", 8000000000, "USD", "completed", True)]),
    # 지분을 B에 넘기다: B buys
    ("SK는 SK실트론 지분 51%를 MBK파트너스에 넘기는 방안을 검토하고 있다.",
     [("acquisition", ["MBK Partners"], "SK Siltron", None, None, "in_talks", False)]),
    # a rights issue run by the company: its backers unnamed
    ("한국투자증권은 1조원 규모의 유상증자를 실시한다.",
     [("investment", [], "Korea Investment & Securities", 1000000000000, "KRW", "announced", False)]),
    # a running total raised, its backers unnamed: the company of the sentence before
    ("퓨리오사AI는 산업은행 등으로부터 800억원을 투자받았다. 누적 투자액은 2800억원에 달한다.",
     [("investment", ["Korea Development Bank"], "FuriosaAI", 80000000000, "KRW", "completed", False),
      ("investment", [], "FuriosaAI", 280000000000, "KRW", "completed", True)]),
    # a shipyard's name is a company's
    ("한화오션은 미국 필리조선소를 1억달러에 인수했다.",
     [("acquisition", ["Hanwha Ocean"], "필리조선소", 100000000, "USD", "completed", False)]),
    # 공급하는 계약: the one supplied buys
    ("SK하이닉스는 엔비디아에 HBM3E를 공급하는 계약을 체결했다.",
     [("purchase", ["Nvidia"], "SK Hynix", None, None, "announced", False)]),
    ("삼성전자는 엔비디아에 납품할 HBM을 테스트 중이다.", []),
    # project-finance paper and bonds are debt, not a deal
    ("메리츠증권이 롯데건설 PF 유동화증권에 1조원을 투자했다.", []),
    # 지분 N%를 확보: a stake bought; the proceeds of a sale secured are none
    ("카카오는 SM엔터테인먼트 지분 39.9%를 1조2500억원에 확보해 최대주주에 올랐다.",
     [("acquisition", ["Kakao"], "SM Entertainment", 1250000000000, "KRW", "completed", False)]),
    ("한화에너지는 최근 한화오션 지분을 매각하며 매각대금 1조원을 확보했다.", []),
    # a plant bought from its owner
    ("셀트리온은 미국 일라이릴리의 생산시설을 약 3300억원에 인수하기로 결정했다.",
     [("acquisition", ["Celltrion"], "Eli Lilly", 330000000000, "KRW", "announced", False)]),
    # the buyers of an issue told after it (B는 CB를 발행했는데 이때 A가 X, C가 Y를 인수)
    ("지난해 하이브는 3000억원 규모의 전환사채를 발행했는데 이때 미래에셋증권이 2900억원, 한빛캐피탈이 100억원을 인수했다.",
     [("investment", ["Mirae Asset Securities"], "HYBE", 290000000000, "KRW", "completed", False),
      ("investment", ["한빛캐피탈"], "HYBE", 10000000000, "KRW", "completed", False)]),
    # 지분 N%를 … 취득: the amount between stake and verb; a majority is control
    ("대한항공은 아시아나항공 지분 63.88%를 1조5000억원에 취득했다.",
     [("acquisition", ["Korean Air"], "Asiana Airlines", 1500000000000, "KRW", "completed", False)]),
    # a wholly owned buyer's 100% is no control over what it buys
    ("고려아연의 100% 손자회사 선메탈코퍼레이션은 영풍 지분 10.33%를 575억원에 취득했다.",
     [("investment", ["Sun Metals Corporation"], "Young Poong", 57500000000, "KRW", "completed", False)]),
    # a parent's rights issue into its subsidiary: the parent pays
    ("신한금융지주는 신한투자증권에 5000억원 규모의 유상증자를 단행했다.",
     [("investment", ["Shinhan Financial Group"], "Shinhan Securities", 500000000000, "KRW", "completed", False)]),
    # more shares of a company bought with no control named: an investment
    ("한화에어로스페이스는 1조원을 투입해 한화오션의 지분을 추가로 취득한다고 밝혔다.",
     [("investment", ["Hanwha Aerospace"], "Hanwha Ocean", 1000000000000, "KRW", "announced", False)]),
    # the group's deal told again as its affiliate's: one record, the affiliate's
    ("한화그룹이 아워홈 인수를 확정한다. 한화호텔앤드리조트는 이날 아워홈 지분 인수 계약을 맺는다.",
     [("acquisition", ["Hanwha Hotels & Resorts"], "Ourhome", None, None, "announced", False)]),
    ("한화그룹이 대우조선해양 인수를 마무리했다. 한화에어로스페이스는 대우조선해양에 1조원을 투자했다.",
     [("investment", ["Hanwha Aerospace"], "Daewoo Shipbuilding & Marine Engineering", 1000000000000, "KRW", "completed", False)]),
    # the price in the next sentence, after the price per share
    ("한화호텔앤드리조트는 아워홈 지분 58%를 인수하는 계약을 맺었다. 인수 가격은 주당 6만원으로, 총 8000억원이다.",
     [("acquisition", ["Hanwha Hotels & Resorts"], "Ourhome", 800000000000, "KRW", "announced", False)]),
    # a commitment the payer later withdraws is gone
    ("한화비전은 아워홈 인수에 1000억원을 출자하기로 했다. 그러나 한화비전은 이번 인수에 참여할 뜻이 없다고 밝혔다.", []),
    ("한화비전은 아워홈 인수에 1000억원을 출자하기로 했다. 그러나 한화비전은 이번 인수에서 빠지기로 했다.", []),
    # an obligation, a fear, a mere option: nothing happened
    ("하나증권은 청구권이 행사되면 총 30억원을 들여야 한다.", []),
    ("소액주주들은 대명소노그룹이 티웨이항공 유상증자를 추진할 수 있다고 우려했다.", []),
    ("컨수스자산운용은 3800억원에 KDB생명타워를 우선 매입할 수 있는 권리를 얻었다.", []),
    # talks that may end soon are still talks
    ("메타가 퓨리오사AI 인수 논의를 이달 마무리할 수 있다고 포브스가 보도했다.",
     [("acquisition", ["Meta"], "FuriosaAI", None, None, "in_talks", False)]),
    # control gained makes an acquisition; a stake the payer holds already does not
    ("삼성전자는 100억원을 투자해 레인보우로보틱스 지분 60%를 확보하며 최대주주에 올랐다.",
     [("acquisition", ["Samsung Electronics"], "Rainbow Robotics", 10000000000, "KRW", "completed", False)]),
    ("레인보우로보틱스 지분 60%를 보유한 삼성전자가 유상증자에 100억원을 납입할 계획이다.",
     [("investment", ["Samsung Electronics"], "Rainbow Robotics", 10000000000, "KRW", "planned", False)]),
    # status: a past time tells a deal done; an announcement stays one; a signed SPA
    # outranks 추진 중; a figure compared with last year is no past
    ("삼성전자는 지난해 레인보우로보틱스를 인수해 로봇 사업을 넓히고 있다.",
     [("acquisition", ["Samsung Electronics"], "Rainbow Robotics", None, None, "completed", False)]),
    ("삼성전자는 레인보우로보틱스를 5000억원에 인수한다고 발표한 이후 일주일 만에 새 거래를 내놨다.",
     [("acquisition", ["Samsung Electronics"], "Rainbow Robotics", 500000000000, "KRW", "announced", False)]),
    ("한화호텔앤드리조트는 아워홈 지분 58%를 8000억원에 인수하는 계약을 추진 중이며 주식매매계약(SPA)을 체결했다.",
     [("acquisition", ["Hanwha Hotels & Resorts"], "Ourhome", 800000000000, "KRW", "announced", False)]),
    ("알파벳은 올해 자본지출을 지난해보다 40% 늘린 700억달러로 잡았다.",
     [("capex", ["Alphabet"], None, 70000000000, "USD", "announced", False)]),
    # a sum of the deals just told is no deal of its own
    ("삼성전자는 플랙트를 2조원에 인수했다. 한화호텔앤드리조트는 아워홈을 8000억원에 인수했다. 두 그룹은 이달에만 약 2조8000억원을 쏟아 부은 셈이다.",
     [("acquisition", ["Samsung Electronics"], "플랙트", 2000000000000, "KRW", "completed", False),
      ("acquisition", ["Hanwha Hotels & Resorts"], "Ourhome", 800000000000, "KRW", "completed", False)]),
    # A와 B에 공동투자: A invests beside the payer, B receives
    ("한울벤처스는 작년 미래에셋캐피탈과 검사장비 업체 큐브테크에 공동투자했다.",
     [("investment", ["미래에셋캐피탈", "한울벤처스"], "큐브테크", None, None, "completed", False)]),
    ("한울벤처스는 작년 미래에셋캐피탈과 큐브테크에 투자했다.",
     [("investment", ["한울벤처스"], "미래에셋캐피탈", None, None, "completed", False),
      ("investment", ["한울벤처스"], "큐브테크", None, None, "completed", False)]),
    # the payer named as the subject of the sentence just before
    ("한울벤처스는 2019년 세워진 벤처캐피탈이다. 작년에는 큐브테크에 투자해 두 배를 회수했다.",
     [("investment", ["한울벤처스"], "큐브테크", None, None, "completed", False)]),
    # a fund selling winners and buying the market's leaders trades, it makes no deal
    ("국민연금은 올해 엔비디아를 차익 실현하고 주도주인 팔란티어에 투자했다.", []),
    # a stake taken in the company the sentence before is about
    ("리벨리온은 AI 반도체 설계 회사다. 삼성전자가 지분을 투자해 업계의 눈길을 끌었다.",
     [("investment", ["Samsung Electronics"], "리벨리온", None, None, "completed", False)]),
    ("리벨리온은 AI 반도체 설계 회사다. 삼성전자가 지분을 팔아 업계의 눈길을 끌었다.", []),
    # the issuer told as 'X 기업 B', the buyer's vehicle quoted before the amount
    ("한울파트너스는 ‘한울제2호펀드’를 세워 90억원 규모로 일본 기업 하나테크가 발행한 전환사채를 사들였다.",
     [("investment", ["한울파트너스"], "하나테크", 9000000000, "KRW", "completed", False)]),
    # the limited partners of a numbered fund invest in the fund
    ("이 인수에 쓰인 한울제5호바이아웃펀드에는 신한캐피탈, 교보생명 등이 출자했다.",
     [("investment", ["Kyobo Life Insurance", "신한캐피탈"], "한울제5호바이아웃펀드", None, None, "completed", False)]),
    # the investor a relative clause names (B는 …에서 투자한 A가)
    ("에코프로비엠은 시드 단계에서 투자한 삼성SDI가 2대주주다.",
     [("investment", ["Samsung SDI"], "EcoPro BM", None, None, "completed", False)]),
    # a consortium's members in brackets are its investors
    ("앞서 한앤컴퍼니 컨소시엄(한앤컴퍼니, MBK파트너스, 싱가포르투자청)은 2015년 대한항공 지분 20%를 9000억원에 사들였다.",
     [("investment", ["GIC", "MBK Partners", "한앤컴퍼니"], "Korean Air", 900000000000, "KRW", "completed", False)]),
    # a service contract's subject provides it; the partners listed pay
    ("현대글로비스가 지난달 현대차·기아와 5조원 규모의 운송 계약을 맺었다.",
     [("purchase", ["Hyundai Motor", "Kia"], "Hyundai Glovis", 5000000000000, "KRW", "announced", False)]),
    # the figure a plan had before it was raised is not the deal's
    ("이수페타시스는 당초 600억원으로 잡았던 증설 투자를 1000억원으로 늘렸다.",
     [("capex", ["Isu Petasys"], None, 100000000000, "KRW", "completed", False)]),
    # a particle Kiwi read as a noun (외 3인와) still gives the role; the price follows
    ("카카오게임즈는 최대주주인 김 의장 외 1인이 넷마블 외 2인와 최대주주 변경을 수반하는 주식양수도 계약을 맺었다고 공시했다. 양수도 대금은 105억원이다.",
     [("acquisition", ["Netmarble"], "Kakao Games", 10500000000, "KRW", "announced", False)]),
    # old shares sold, their description between the company and the cue
    ("카카오게임즈의 최대 주주가 넷마블로 바뀐다. 김 회장은 보유한 카카오게임즈 구주 1200만주(지분 9.1%) 전량을 넷마블에 매각하기로 했다.",
     [("acquisition", ["Netmarble"], "Kakao Games", None, None, "announced", False)]),
    # 10여 년간 is no cue of a running total (gold/README: 총, 누적, 지금까지 …)
    ("에코프로는 10여 년간 1000억원에 달하는 자금을 조달했다.",
     [("investment", [], "EcoPro", 100000000000, "KRW", "completed", False)]),
    # a list's commas do not end the clause of its lead; a past act announced is done
    ("미스트랄AI는 ASML이 주도하고 엔비디아, 제너럴캐털리스트, 라이트스피드벤처파트너스 등이 참여한 라운드에서 17억유로를 유치했다고 발표했다.",
     [("investment", ["ASML", "General Catalyst", "Lightspeed Venture Partners", "Nvidia"], "Mistral AI", 1700000000, "EUR", "completed", False)]),
    # a contract the article reports is announced, even told in the past
    ("에코프로비엠은 삼성SDI와 40조원 규모의 양극재 공급 계약을 체결했다고 밝혔다.",
     [("purchase", ["Samsung SDI"], "EcoPro BM", 40000000000000, "KRW", "announced", False)]),
    # the buyer of the supply just told is the buyer of the seller's next ones
    ("에코프로비엠은 삼성SDI와 500억원 규모의 양극재 공급계약을 맺었다고 밝혔다. 이에 따라 에코프로비엠은 올해 1월 300억원 규모의 공급계약을 따낸 데 이어 총 800억원 규모의 수주를 확보했다. 지금까지 맺은 계약 총액은 2000억원에 이른다.",
     [("purchase", ["Samsung SDI"], "EcoPro BM", 50000000000, "KRW", "announced", False),
      ("purchase", ["Samsung SDI"], "EcoPro BM", 30000000000, "KRW", "completed", False),
      ("purchase", ["Samsung SDI"], "EcoPro BM", 200000000000, "KRW", "completed", True)]),
    # a round being raised is in talks
    ("토스는 최근 해외 투자자들을 상대로 3000억원 규모의 투자 유치를 진행하고 있다.",
     [("investment", [], "Viva Republica", 300000000000, "KRW", "in_talks", False)]),
    # a worked example, a forecast compared with, a per-unit price: no deal
    ("가령 개인 투자자가 삼성자산운용 ETF에 5억원을 투자하면 수익이 난다.", []),
    ("메타의 분기 설비투자액은 190억달러로 시장 전망치인 180억달러를 웃돌았다.", []),
    # a company acting through its division (PE부문은)
    ("KCGI와 미래에셋자산운용 PE부문은 LS에코에너지에 1억달러 규모 투자를 마무리했다.",
     [("investment", ["KCGI", "Mirae Asset Global Investments"], "LS에코에너지", 100000000, "USD", "completed", False)]),
    # the buyers a relative clause modifies, not the last sentence's subjects
    ("메타는 3% 가까이 급락했다. 인텔 인수를 검토 중인 TSMC와 브로드컴은 각각 0.5%, 1.9% 내렸다.",
     [("acquisition", ["Broadcom", "TSMC"], "Intel", None, None, "in_talks", False)]),
    # a target with its name again in brackets stays next to its cue
    ("아마존은 이미 앤트로픽(Anthropic)에 막대한 자금을 투자했다.",
     [("investment", ["Amazon"], "Anthropic", None, None, "completed", False)]),
    # a figure reported (기록한), an obligation (투입해야) and a bloc's budget are no deals
    ("지난해 363억달러의 자본적 지출을 기록한 메타는 올해 650억달러를 예고했다.", []),
    ("한온시스템 지분인수에만 총 1조8000억원에 달하는 현금을 투입해야 한다.", []),
    ("EU는 로봇 분야에 1억7300만달러를 투자한다.", []),
    # a loan refinanced is debt; a fund's holdings are no deal; a person is no payer
    ("브룩필드자산운용은 지난해 2조6700억원 규모의 IFC 담보 대출 리파이낸싱을 진행했다.", []),
    ("KB자산운용은 미국 은행과 테슬라에 투자하는 ETF를 내놨다.", []),
    ("회사원 김진만 씨(가명)는 국내 회사채에 7억원을 투자했다.", []),
    # the company passed through (B를 거쳐) is not what is bought
    ("이 사업부는 2020년 사모펀드 알케미스트를 거쳐 SK하이닉스가 재인수했다.", []),
    # backers listed as such: investors in the company the last deal went to
    ("리벨리온은 시리즈B에서 1650억원을 유치했다. 이어 주요 투자자 가운데 KT, 카카오벤처스 등이 있다.",
     [("investment", [], "리벨리온", 165000000000, "KRW", "completed", False),
      ("investment", ["KT", "Kakao Ventures"], "리벨리온", None, None, "completed", False)]),
    # 현재까지 X 규모: a running total even with 규모 (총 X 규모 is one deal's size)
    ("리벨리온은 현재까지 약 5000억원 규모의 투자를 이끌어냈다.",
     [("investment", [], "리벨리온", 500000000000, "KRW", "completed", True)]),
    # a planned total and the tranche "이 가운데" names: the same parties, the total cumulative
    ("소프트뱅크그룹은 오픈AI·오라클과 함께 합작사 스타게이트에 최대 5000억달러를 투자하겠다고 발표했으며, 이 가운데 1000억달러는 즉시 투입하기로 했다.",
     [("investment", ["OpenAI", "Oracle", "SoftBank Group"], "Stargate", 500000000000, "USD", "announced", True),
      ("investment", ["OpenAI", "Oracle", "SoftBank Group"], "Stargate", 100000000000, "USD", "announced", False)]),
    # a project's owner buys what is supplied to the project
    ("삼성전자가 오픈AI의 AI 인프라 프로젝트 '스타게이트'에 메모리 반도체를 공급한다.",
     [("purchase", ["OpenAI"], "Samsung Electronics", None, None, "announced", False)]),
    # A와 B의 투자를 받아: the backers in the genitive, the receiver far from the cue
    ("리벨리온은 2020년 설립돼 KT와 카카오벤처스의 투자를 받아 AI 칩을 개발했다.",
     [("investment", ["KT", "Kakao Ventures"], "리벨리온", None, None, "completed", False)]),
    # X를 들여 Y를 짓는다: capex
    ("현대제철은 58억달러(약 8조5000억원)를 들여 루이지애나주에 제철소를 짓는다.",
     [("capex", ["Hyundai Steel"], None, 5800000000, "USD", "announced", False)]),
    # what a product cost to develop, and money owed back, are no deals
    ("딥시크는 558만달러를 들여 두 달 만에 AI 모델을 개발했다고 주장했다.", []),
    ("환매청구권이 행사되면 삼성증권이 40억원을 돌려줘야 한다.", []),
    # money received every year from B: B buys from the receiver
    ("MS는 오픈AI로부터 매년 10억달러를 받는다.",
     [("purchase", ["OpenAI"], "Microsoft", 1000000000, "USD", "announced", False)]),
    # money put into a fund used for a purchase is no purchase by its backers
    ("테일러메이드 인수에 활용된 펀드에 출자한 새마을금고중앙회, 신협중앙회, F&F 등도 수익이 기대된다.", []),
    # a deal told as a noun phrase: A의 B 인수, A의 B 투자
    ("삼성전자의 하만 인수 이후 전장 사업이 커졌다.",
     [("acquisition", ["Samsung Electronics"], "Harman", None, None, "completed", False)]),
    ("아마존의 앤스로픽 투자가 마무리됐다.",
     [("investment", ["Amazon"], "Anthropic", None, None, "completed", False)]),
    # a deal denied is none
    ("사실상 한화비전이 아워홈 인수에 참여하지 않겠다고 밝혔다.", []),
    # the equity part of a purchase price and money borrowed to buy shares are no deals
    ("롯데는 아워홈 지분 70%를 6000억원에 인수한다. 롯데는 이 가운데 자기자본 투자액이 1500억원이라고 설명했다.",
     [("acquisition", ["Lotte Group"], "Ourhome", 600000000000, "KRW", "announced", False)]),
    ("하나생명은 신한은행으로부터 700억원을 조달해 지분을 사들일 예정이다.", []),
    # a contract signed, told in the next sentence, outranks 추진 중
    ("롯데는 아워홈 지분 70% 인수를 추진 중이다. 대주주와 주식매매계약(SPA)을 체결했고 잔금은 연말에 낸다.",
     [("acquisition", ["Lotte Group"], "Ourhome", None, None, "announced", False)]),
    # a headline's 등서 (등에서): the backers
    ("트웰브랩스, 엔비디아 등서 5000만달러 투자 유치",
     [("investment", ["Nvidia"], "Twelve Labs", 50000000, "USD", "announced", False)]),
    # a name only an unknown word's particle made a company (often a person) pays nothing
    ("올트먼의 오클로 투자 이유는 바로 AI 때문입니다.", []),
    # the genitive may list the buyers
    ("영풍·MBK의 고려아연 경영권 인수 시도가 이어지고 있다.",
     [("acquisition", ["MBK Partners", "Young Poong"], "Korea Zinc", None, None, "in_talks", False)]),
    # a takeover only feared is told as no deal
    ("SMC는 영풍·MBK의 고려아연 경영권 인수를 우려하는 목소리도 고려했다.", []),
    # talks
    ("소프트뱅크그룹은 오픈AI에 최대 300억달러를 투자하는 방안을 논의하고 있다.",
     [("investment", ["SoftBank Group"], "OpenAI", 30000000000, "USD", "in_talks", False)]),
    # running total
    ("아마존이 앤스로픽에 투자한 금액은 총 80억달러에 이른다.",
     [("investment", ["Amazon"], "Anthropic", 8000000000, "USD", "completed", True)]),
    # not deals: revenue, market size, share price
    ("삼성전자의 지난해 매출은 258조원이었다. 세계 AI 반도체 시장 규모는 1000억달러로 추정된다.", []),
    # supply contract: the supplier is the subject, the buyer its partner
    ("비에이치아이가 한국수력원자력과 1001억원 규모의 공급계약을 체결했다고 11일 공시했다.",
     [("purchase", ["Korea Hydro & Nuclear Power"], "비에이치아이", 100100000000, "KRW", "announced", False)]),
    # a sentence end with no space after it still ends the sentence
    ("LG화학은 지난달 실적을 공개했다.삼성전자는 레인보우로보틱스에 590억원을 투자했다.",
     [("investment", ["Samsung Electronics"], "Rainbow Robotics", 59000000000, "KRW", "completed", False)]),
    # headline: the names before the comma are the subject, listed with ·
    ("SK·LG, 오픈AI에 5억달러 투자",
     [("investment", ["LG Group", "SK Group"], "OpenAI", 500000000, "USD", "announced", False)]),
    # 두 회사는: the subject of the sentence before carries
    ("한화와 LG는 배터리 합작 계획을 밝혔다. 두 회사는 지난해 컨소시엄을 꾸려 에코프로비엠 지분 60%를 1200억원에 인수했다.",
     [("acquisition", ["Hanwha Group", "LG Group"], "EcoPro BM", 120000000000, "KRW", "completed", False)]),
    # 투자를 끌어냈다: the subject receives
    ("리벨리온은 KT, 삼성전자 등으로부터 600억원의 투자를 끌어냈다.",
     [("investment", ["KT", "Samsung Electronics"], "리벨리온", 60000000000, "KRW", "completed", False)]),
    # an issue of bonds to third parties, with a market remark in another clause
    ("셀트리온이 2000억원 규모의 전환사채를 제3자 배정 방식으로 발행하기로 한 가운데 주가가 하락했다.",
     [("investment", [], "Celltrion", 200000000000, "KRW", "announced", False)]),
    # a long product name between 규모의 and 공급 계약
    ("두산에너빌리티는 한국전력과 약 3000억원 규모의 복합화력발전 가스터빈 및 배열회수보일러 공급 계약을 체결했다고 밝혔다.",
     [("purchase", ["Korea Electric Power"], "Doosan Enerbility", 300000000000, "KRW", "announced", False)]),
    # a round's lead and backers named two sentences later
    ("퓨리오사AI는 2000억원 규모의 시리즈C 투자를 유치했다. 투자 후 기업가치는 8000억원이다. "
     "이번 라운드는 산업은행이 주도했고 신한벤처투자, 미래에셋벤처투자 등이 참여했다.",
     [("investment", ["Korea Development Bank", "Mirae Asset Venture Investment", "Shinhan Venture Investment"],
       "FuriosaAI", 200000000000, "KRW", "completed", False)]),
    # a round without an amount is kept once its backers are named
    ("업스테이지는 최근 시리즈B 투자를 유치했다. 이번 투자에는 SK네트웍스와 KT가 신규 투자자로 참여했다.",
     [("investment", ["KT", "SK Networks"], "Upstage", None, None, "completed", False)]),
    ("업스테이지는 최근 시리즈B 투자를 유치했다. 회사는 인력을 늘릴 계획이다.", []),
    # the amount of a contract in the next sentence
    ("LS일렉트릭은 한국전력과 변압기 공급 계약을 체결했다고 밝혔다. 계약 금액은 총 1200억원이다.",
     [("purchase", ["Korea Electric Power"], "LS Electric", 120000000000, "KRW", "announced", False)]),
    # bonds issued; the subscribers named later
    ("셀트리온은 800억원 규모의 전환사채를 발행하기로 했다. 회사 측은 자금을 연구개발에 쓸 계획이다. "
     "삼성증권, NH투자증권 등이 인수하기로 했다.",
     [("investment", ["NH Investment & Securities", "Samsung Securities"], "Celltrion", 80000000000, "KRW", "announced", False)]),
    # a sale whose buyer the next sentence names (우선협상대상자): in talks
    ("CJ ENM이 자회사 스튜디오드래곤을 3000억원에 매각한다. CJ ENM은 매각 우선협상대상자로 "
     "IMM프라이빗에쿼티와 스틱인베스트먼트를 선정했다.",
     [("acquisition", ["IMM Private Equity", "STIC Investments"], "스튜디오드래곤", 300000000000, "KRW", "in_talks", False)]),
    ("CJ ENM이 자회사 스튜디오드래곤을 3000억원에 매각한다. 회사는 연내 거래를 마칠 계획이다.", []),
    # the business unit bought belongs to the genitive name
    ("하만이 미국 마시모의 오디오사업부를 3억5000만달러에 인수한다고 발표했다.",
     [("acquisition", ["Harman"], "Masimo", 350000000, "USD", "announced", False)]),
    # a share transfer signed by the seller with the buyer; the price follows
    ("에코프로는 지난 3일 최대주주인 이동채 외 1인이 LG화학 외 3인과 최대주주 변경을 수반하는 "
     "주식양수도 계약을 체결했다고 공시했다. 양수도 대금은 105억원이다.",
     [("acquisition", ["LG Chem"], "EcoPro", 10500000000, "KRW", "announced", False)]),
    # 각각 with one amount per investor: 3000억 is no total of the other two
    ("LG전자·LG화학·LG이노텍은 각각 3000억원, 2000억원, 1000억원을 LG에너지솔루션에 출자했다.",
     [("investment", ["LG Electronics"], "LG Energy Solution", 300000000000, "KRW", "completed", False),
      ("investment", ["LG Chem"], "LG Energy Solution", 200000000000, "KRW", "completed", False),
      ("investment", ["LG Innotek"], "LG Energy Solution", 100000000000, "KRW", "completed", False)]),
    # 각각 belongs to its own amounts; a total that only adds them up is no record
    ("LG전자와 LG화학이 각각 300억원과 200억원을 출자해 LG에너지솔루션에 총 500억원을 투자했다.",
     [("investment", ["LG Electronics"], "LG Energy Solution", 30000000000, "KRW", "completed", False),
      ("investment", ["LG Chem"], "LG Energy Solution", 20000000000, "KRW", "completed", False)]),
    # A의 B X 투자: the genitive pays
    ("구글의 앤스로픽 20억달러 투자 논의가 이어지고 있다.",
     [("investment", ["Google"], "Anthropic", 2000000000, "USD", "in_talks", False)]),
    # a verb cue (사들였다) makes an amountless deal in its own clause
    ("삼성전자는 지난 6월 조이언트를 인수했고, 지난 8월에는 스마트싱스를 사들였다.",
     [("acquisition", ["Samsung Electronics"], "Joyent", None, None, "completed", False),
      ("acquisition", ["Samsung Electronics"], "SmartThings", None, None, "completed", False)]),
    # no cue reaches across a clause: 1000억달러 is no investment
    ("MS는 오픈AI에 총 140억달러를 투자했고, 엔비디아는 최대 1000억달러 규모의 인프라 지원 가능성을 언급했다.",
     [("investment", ["Microsoft"], "OpenAI", 14000000000, "USD", "completed", True)]),
    # 투자한 이후: past, whatever the sentence plans
    ("이는 지난해 MS가 오픈AI에 100억달러를 투자한 이후 가장 큰 규모가 될 예정이다.",
     [("investment", ["Microsoft"], "OpenAI", 10000000000, "USD", "completed", False)]),
    # 2019년부터: a running total
    ("MS는 2019년부터 오픈AI에 130억달러를 투자해 지분 49%를 보유하고 있다.",
     [("investment", ["Microsoft"], "OpenAI", 13000000000, "USD", "announced", True)]),
    # the clause's own subject (정부가) is no name: no one to credit
    ("엔비디아가 강세를 보였고, 정부가 AI 반도체 생태계 구축을 위해 1조원을 투입한다는 소식이 전해졌다.", []),
    # owners in a relative clause (A가 보유한) do not act; the authority filed with is
    # no party; a majority stake bought is an acquisition
    ("호텔롯데와 부산롯데호텔이 보유한 롯데렌탈 지분 56.2%에 어피니티가 1조5729억원을 베팅했다.",
     [("acquisition", ["Affinity Equity Partners"], "Lotte Rental", 1572900000000, "KRW", "completed", False)]),
    ("버크셔는 SEC에 제출한 보고서에서 씨티그룹 주식 4060만주를 매각했다고 밝혔다.", []),
    # money spent on a purchase is an acquisition; funds managed, needs and asides are no deals
    ("MBK는 이미 고려아연 지분 인수에 1조5000억원가량을 투입했다.",
     [("acquisition", ["MBK Partners"], "Korea Zinc", 1500000000000, "KRW", "completed", False)]),
    ("버크셔는 2720억달러를 운용하며 수십개 회사에 투자하고 있다.", []),
    ("업계는 최소 500억원 가량을 투입해야 자본잠식이 해소된다고 본다.", []),
    ("록히드마틴의 잉여현금흐름(세금과 설비투자액 등을 제외한 현금)은 평균 약 60억 달러다.", []),
    # the deal news and the share price's reaction (…는 소식에 주가가) are two clauses
    ("대만 TSMC와 미국 브로드컴이 인텔을 인수하는 방안을 검토하고 있다는 소식에 주가가 급등했다.",
     [("acquisition", ["Broadcom", "TSMC"], "Intel", None, None, "in_talks", False)]),
    ("LG전자와 LG화학은 LG에너지솔루션에 각각 500억원씩 투자했다.",
     [("investment", ["LG Electronics"], "LG Energy Solution", 50000000000, "KRW", "completed", False),
      ("investment", ["LG Chem"], "LG Energy Solution", 50000000000, "KRW", "completed", False)]),
]
# fmt: on


def simple(r):
    amount = r.amount.value if r.amount else None
    currency = r.amount.currency if r.amount else None
    return (
        r.deal_type,
        r.investors,
        r.target,
        amount,
        currency,
        r.status,
        r.cumulative,
    )


@pytest.mark.parametrize("text,expected", CASES)
def test_deals(nlp, text, expected):
    got = [simple(r) for r in extract(text, published=PUB)]
    assert got == expected


def test_compared_date_is_not_the_deals(nlp):
    (r,) = extract(
        "MS도 지난해보다 50% 늘어난 700억달러를 AI 분야에 투자할 계획이다.", PUB
    )
    assert r.deal_type == "capex" and r.date is None


def test_published_as_iso_string(nlp):
    text = "아마존은 지난 27일 앤스로픽에 40억달러를 투자했다."
    (r,) = extract(text, published="2024-03-29")
    assert r.date == "2024-03-27" and r.date_text == "지난 27일"


def test_evidence_slices_back(nlp):
    text = "업계에 따르면 아마존은 앤스로픽에 40억달러를 투자했다. 다른 문장이다."
    for r in extract(text, published=PUB):
        assert text[r.evidence.start : r.evidence.end] == r.evidence.text
        assert r.amount.text in r.evidence.text


def test_stated_krw_and_converted_usd(nlp):
    (won,) = extract(
        "카카오는 SM엔터테인먼트 지분 39.9%를 1조2500억원에 인수했다.", PUB
    )
    assert won.krw_source == "stated" and won.amount_krw.value == 1250000000000
    assert won.amount_usd is not None and won.fx is not None and won.fx.source == "ECB"
    assert won.stake_pct == 39.9
