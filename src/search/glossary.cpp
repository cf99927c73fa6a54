#include "search/vocabulary.hpp"

namespace gp::search {

// Terms of the MLPS field that ICU's dictionary splits into characters or shorter words.
// Already folded (simplified, lower case). Synonym groups live in the store and are added to
// these at run time. A compound of terms that have synonyms (等保测评 = 等保 + 测评) is left
// out, so that a query for it is widened by the synonyms of each part.
const std::vector<std::string_view>& mlps_glossary() {
    static const std::vector<std::string_view> terms{
        "等保",           "等级保护",     "网络安全等级保护",
        "等保2.0",        "测评",         "评测",
        "测评机构",       "测评报告",     "测评师",
        "定级",           "备案",         "定级报告",
        "备案证明",       "差距分析",     "整改",
        "安全整改",       "复测",         "自评估",
        "风险评估",       "渗透测试",     "漏洞扫描",
        "密评",           "商用密码",     "密码应用",
        "安全评估",       "关保",         "关键信息基础设施",
        "关基",           "数据安全法",   "网络安全法",
        "个人信息保护法", "个保法",       "数安法",
        "网安法",         "密码法",       "数据出境",
        "出境评估",       "数据分类分级", "分类分级",
        "安全计算环境",   "安全区域边界", "安全通信网络",
        "安全管理中心",   "安全物理环境", "安全管理制度",
        "安全管理机构",   "安全管理人员", "安全建设管理",
        "安全运维管理",   "第三级",       "第二级",
        "公安机关",       "网安部门",     "网信办",
        "云计算",         "云服务商",     "物联网",
        "工控系统",       "工业控制系统", "移动互联",
        "大数据",         "堡垒机",       "日志审计",
        "数据库审计",     "入侵检测",     "入侵防御",
        "防火墙",         "态势感知",     "身份鉴别",
        "访问控制",       "安全审计",     "可信验证",
        "数据完整性",     "数据保密性",   "数据备份恢复",
        "剩余信息保护",   "个人信息保护", "重要数据",
        "核心数据",       "应急预案",     "应急演练",
        "安全事件",       "三权分立",     "双因素认证",
        "多因素认证",     "基本要求",     "测评要求",
        "设计技术要求",   "定级指南",     "实施指南",
        "信息系统",       "等级测评",     "工作组",
        "主管部门",       "运营者",       "网络运营者",
        "安全服务",       "安全产品"};
    return terms;
}

}  // namespace gp::search
