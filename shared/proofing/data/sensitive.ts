/**
 * 禁用词与慎用词: wording a newsroom does not print, or prints only with care, and what to
 * write instead. One entry a line:
 *   !词→替换|说明      a banned term (blocks export until the desk chief overrides)
 *   词→替换|说明       a term to use with care (a warning)
 * Written for Masthead from what news agencies' published style rules say in substance
 * (forms of address for disabled people, the names of countries and regions, advertising
 * superlatives in health reporting), not copied from any list. The desk extends it in the
 * library's proofing/sensitive.txt.
 */
export const SENSITIVE_WORDING = `
!北朝鲜→朝鲜|国名用“朝鲜”，不用“北朝鲜”
!南朝鲜→韩国|国名用“韩国”，不用“南朝鲜”
!台湾总统→台湾地区领导人|台湾地区领导人不称“总统”
!台湾政府→台湾当局|台湾方面的行政机构称“台湾当局”
!中华民国→（删改）|不使用，确需引述时加引号并作说明
!两岸三地→（删改）|“两岸三地”的说法不准确，不使用
!满清→清朝|称“清朝”或“清代”，不用“满清”
!支那→中国|带有侮辱性的称谓，不使用
!残废人→残疾人|不使用对残疾人的蔑称
!残废→残疾|不使用对残疾人的蔑称
!独眼龙→视力残疾人|不使用对残疾人的蔑称
!瞎子→盲人|不使用对残疾人的蔑称
!聋子→聋人|不使用对残疾人的蔑称
!哑巴→语言障碍者|不使用对残疾人的蔑称|哑巴亏
!傻子→智力障碍者|不使用对残疾人的蔑称
!弱智→智力障碍者|不使用对残疾人的蔑称
!瘸子→肢体残疾人|不使用对残疾人的蔑称
!疯子→精神障碍患者|不使用对患者的蔑称
!老赖→失信被执行人|法律文书中的称谓为“失信被执行人”
!药到病除→（删改）|医药报道不使用绝对化疗效用语
!疗效最佳→（删改）|医药报道不使用绝对化疗效用语
!无效退款→（删改）|医药报道不使用承诺疗效的用语
!包治百病→（删改）|医药报道不使用绝对化疗效用语
!药之王→（删改）|医药报道不使用夸大性用语
!国家级新药→新药|医药报道不使用夸大性用语
!洋鬼子→外国人|带有侮辱性的称谓，不使用
鬼子→侵略者|带有侮辱性的称谓，引语或史实中慎用|鬼子母
!乡巴佬→农村居民|带有侮辱性的称谓，不使用
!剩女→单身女性|带有歧视色彩，不使用
!小三→第三者|带有低俗色彩，不使用
!二奶→第三者|带有低俗色彩，不使用
!屌丝→（删改）|低俗网络用语，不使用
!艾滋病人→艾滋病患者|规范称谓为“艾滋病患者”或“艾滋病病毒感染者”
!精神病人→精神障碍患者|规范称谓为“精神障碍患者”
!聋哑人→聋人|规范称谓为“聋人”或“听力残疾人”
!植物人→植物状态患者|规范称谓为“植物状态患者”
天王巨星→著名歌手|新闻作品中不用“天王”“巨星”等称谓
高考状元→高分考生|教育部门要求不炒作“高考状元”
中考状元→高分考生|教育部门要求不炒作“状元”
寡妇→丧偶女性|带有贬损色彩，慎用
!illegal alien→undocumented immigrant|Don't label people illegal: "immigrant living in the country illegally" or "undocumented immigrant"
!illegal aliens→undocumented immigrants|Don't label people illegal
!illegal immigrant→undocumented immigrant|Don't label people illegal: describe the action, not the person
!illegal immigrants→undocumented immigrants|Don't label people illegal
!committed suicide→died by suicide|"Committed" implies a crime; say "died by suicide" or "killed himself/herself"
!commit suicide→die by suicide|"Commit" implies a crime
!mentally retarded→intellectually disabled|An outdated, offensive term
!retarded→intellectually disabled|An outdated, offensive term
!wheelchair-bound→uses a wheelchair|A wheelchair gives mobility; it does not bind
!confined to a wheelchair→uses a wheelchair|A wheelchair gives mobility; it does not confine
!crippled→disabled|An outdated, offensive term for people; fine for things ("crippled economy") only with care|crippled economy,crippled the,crippled by
!handicapped→disabled|Use "disabled" or "person with a disability"|handicapped parking
!Red China→China|An outdated political label
!Chinaman→Chinese man|An ethnic slur
!Eskimo→Inuit|Use the people's own name (Inuit, Yupik)|Eskimo Pie
!Eskimos→Inuit|Use the people's own name (Inuit, Yupik)
!tranny→transgender person|A slur
!insane asylum→psychiatric hospital|An outdated, stigmatising term
lunatic→(rewrite)|Stigmatising; avoid outside quotes
miracle cure→(rewrite)|Health reporting: no promises of cures
cures cancer→(rewrite)|Health reporting: no promises of cures
`;
