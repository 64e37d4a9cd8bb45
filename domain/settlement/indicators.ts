/**
 * The performance indicators of seed 001 十、（四）3） (“一网通办”运营服务考核指标明细表): 10 indicators, 100 points, 64
 * sub-items with their points, transcribed from the table (the sub-item names are the document's own words).
 */
export interface IndicatorItem {
  no: number;
  /** 二级指标 */
  group: string;
  name: string;
  points: number;
}

export interface Indicator {
  no: number;
  name: string;
  nameEn: string;
  points: number;
  items: readonly IndicatorItem[];
}

export const INDICATORS: readonly Indicator[] = [
  {
    no: 1,
    name: '能力建设情况',
    nameEn: 'Capability building',
    points: 30,
    items: [
      { no: 1, group: '能力接入', name: '单部门事项接入情况（PC端、移动端、自助终端）', points: 2 },
      { no: 2, group: '能力接入', name: '特色服务（如智慧好办事项）接入情况（PC端、移动端、自助终端）', points: 3 },
      { no: 3, group: '能力接入', name: '统一公共支付事项接入情况', points: 1 },
      { no: 4, group: '能力接入', name: '统一物流递送事项接入情况', points: 1 },
      { no: 5, group: '能力接入', name: '跨省通办事项接入情况', points: 2 },
      { no: 6, group: '能力接入', name: '高效办成“一件事”接入情况', points: 4 },
      { no: 7, group: '能力接入', name: '电子证照接入情况', points: 1 },
      { no: 8, group: '能力接入', name: '政务地图办理点接入情况', points: 1 },
      { no: 9, group: '能力接入', name: '场景化服务接入情况', points: 1 },
      { no: 10, group: '赋能支撑', name: '服务接口能力赋能情况', points: 1 },
      { no: 11, group: '赋能支撑', name: '“城市码”（随申码）应用场景拓展情况', points: 3 },
      { no: 12, group: '赋能支撑', name: '“AI+一网通办”智能化建模赋能情况', points: 3 },
      { no: 13, group: '赋能支撑', name: '“两个免交”赋能情况', points: 1 },
      { no: 14, group: '赋能支撑', name: '用证应用赋能情况', points: 1 },
      { no: 15, group: '赋能支撑', name: '亮数应用赋能情况', points: 1 },
      { no: 16, group: '精准服务', name: '用户档案个性化精准化服务情况', points: 1 },
      { no: 17, group: '精准服务', name: '政策及免申即享消息推送服务主动化服务情况', points: 1 },
      { no: 18, group: '精准服务', name: '用户画像标签体系建设情况', points: 1 },
      { no: 19, group: '精准服务', name: '用户行为分析情况', points: 1 },
    ],
  },
  {
    no: 2,
    name: '服务成效情况',
    nameEn: 'Service results',
    points: 10,
    items: [
      { no: 20, group: '服务成效', name: '办件量', points: 1 },
      { no: 21, group: '服务成效', name: '全程网办办件量', points: 1 },
      { no: 22, group: '服务成效', name: '移动渠道办理办件量', points: 1 },
      { no: 23, group: '服务成效', name: '网办比率', points: 2 },
      { no: 24, group: '服务成效', name: '全程网办比率', points: 2 },
      { no: 25, group: '服务成效', name: '最多跑一次比率', points: 1 },
      { no: 26, group: '服务成效', name: '办件数据质量达标率', points: 2 },
    ],
  },
  {
    no: 3,
    name: '日常运营情况',
    nameEn: 'Daily operations',
    points: 14,
    items: [
      { no: 27, group: '流量规模', name: '独立用户访问数（UV）', points: 2 },
      { no: 28, group: '流量规模', name: '页面访问量（PV）', points: 2 },
      { no: 29, group: '用户规模', name: '每月平均活跃用户数', points: 2 },
      { no: 30, group: '用户规模', name: '新增注册用户数', points: 1 },
      { no: 31, group: '流量转化', name: '用户推广转发数', points: 1 },
      { no: 32, group: '流量转化', name: '分享回流率', points: 1 },
      { no: 33, group: '流量转化', name: '服务访问使用转化率', points: 1 },
      { no: 34, group: '流量留存', name: '服务跳出率', points: 1 },
      { no: 35, group: '流量留存', name: '页面停留时长', points: 1 },
      { no: 36, group: '宣传推广', name: '宣传推文发布', points: 1 },
      { no: 37, group: '宣传推广', name: '线上线下地推', points: 1 },
    ],
  },
  {
    no: 4,
    name: '智能检索情况',
    nameEn: 'Intelligent search',
    points: 6,
    items: [
      { no: 38, group: '检索转化', name: '网站检索服务量', points: 1 },
      { no: 39, group: '检索转化', name: '网站检索词条量', points: 1 },
      { no: 40, group: '检索转化', name: '网站检索命中率', points: 2 },
      { no: 41, group: '检索转化', name: '网站检索同义词、排序调优等数量', points: 1 },
      { no: 42, group: '检索转化', name: '网站检索集成应用数', points: 1 },
    ],
  },
  {
    no: 5,
    name: '用户评价情况',
    nameEn: 'User evaluation',
    points: 4,
    items: [
      { no: 43, group: '用户评价', name: '政务服务好差评情况', points: 2 },
      { no: 44, group: '用户评价', name: '用户体验综合满意度', points: 1 },
      { no: 45, group: '用户评价', name: '最受用户欢迎服务情况', points: 1 },
    ],
  },
  {
    no: 6,
    name: '问题处置情况',
    nameEn: 'Problem handling',
    points: 6,
    items: [
      { no: 46, group: '问题处置', name: '问题工单处理情况', points: 2 },
      { no: 47, group: '问题处置', name: '问题工单按时处理率', points: 2 },
      { no: 48, group: '问题处置', name: '问题工单处理超时情况', points: 2 },
    ],
  },
  {
    no: 7,
    name: '运行保障情况',
    nameEn: 'Operation assurance',
    points: 8,
    items: [
      { no: 49, group: '运行保障', name: '日常巡检情况', points: 1 },
      { no: 50, group: '运行保障', name: '监控预警情况', points: 2 },
      { no: 51, group: '运行保障', name: '定期维护情况', points: 1 },
      { no: 52, group: '运行保障', name: '服务稳定性', points: 2 },
      { no: 53, group: '运行保障', name: '服务中断情况', points: 2 },
    ],
  },
  {
    no: 8,
    name: '安全防护情况',
    nameEn: 'Security protection',
    points: 8,
    items: [
      { no: 54, group: '安全防护', name: '数据安全情况', points: 2 },
      { no: 55, group: '安全防护', name: '应用安全情况', points: 2 },
      { no: 56, group: '安全防护', name: '安全漏洞事件发现情况', points: 2 },
      { no: 57, group: '安全防护', name: '安全漏洞及时修复情况', points: 2 },
    ],
  },
  {
    no: 9,
    name: '国办考核情况',
    nameEn: 'State Council assessment',
    points: 6,
    items: [
      { no: 58, group: '国家考核', name: '国办平台服务接入情况', points: 2 },
      { no: 59, group: '国家考核', name: '国家考核相关指标排名', points: 4 },
    ],
  },
  {
    no: 10,
    name: '项目管理情况',
    nameEn: 'Project management',
    points: 8,
    items: [
      { no: 60, group: '项目管理', name: '服务响应保障', points: 2 },
      { no: 61, group: '项目管理', name: '工作落实执行', points: 2 },
      { no: 62, group: '项目管理', name: '工作完成质量', points: 2 },
      { no: 63, group: '项目管理', name: '文档编制情况', points: 1 },
      { no: 64, group: '项目管理', name: '文档编制质量', points: 1 },
    ],
  },
];
