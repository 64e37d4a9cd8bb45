import { defineCatalog } from '../define-catalog';

/** The knowledge base (/knowledge, Q&A) and the outside-client registry. */
export const knowledgeCatalog = defineCatalog(
  {
    'knowledge.error.invalid': '知识条目填写有误：{detail}',
    'knowledge.error.staleVersion': '该条目在版本 {version} 之后已被他人修改，请刷新后再编辑。',
    'knowledge.error.sensitiveWords': '条目含有敏感词（{words}），不能提交发布。',
    'knowledge.error.notDraft': '版本 {version} 不是草稿，不能提交审核。',
    'knowledge.error.notProposed': '版本 {version} 不是待审核状态。',
    'knowledge.error.selfApproval': '提交人不能审核自己提交的条目（版本 {version}）。',
    'knowledge.error.checklist': '审核清单未全部确认：{items}',
    'knowledge.error.returnNote': '退回时请写明修改意见。',
    'knowledge.error.emptyQuery': '请输入要查询的问题。',
    'clients.error.nameRequired': '请填写接入方名称。',
    'clients.error.badKey': '接入密钥无效或已停用。',
  },
  {
    'knowledge.error.invalid': 'The knowledge entry is not valid: {detail}',
    'knowledge.error.staleVersion': 'This entry was changed by someone else after version {version}; reload before editing.',
    'knowledge.error.sensitiveWords': 'The entry contains sensitive words ({words}) and cannot be proposed.',
    'knowledge.error.notDraft': 'Version {version} is not a draft and cannot be proposed.',
    'knowledge.error.notProposed': 'Version {version} is not waiting for review.',
    'knowledge.error.selfApproval': 'Whoever proposed an entry cannot review it (version {version}).',
    'knowledge.error.checklist': 'Checklist items not confirmed: {items}',
    'knowledge.error.returnNote': 'A returned entry needs a note for the editor.',
    'knowledge.error.emptyQuery': 'Enter a question.',
    'clients.error.nameRequired': 'Enter the client’s name.',
    'clients.error.badKey': 'The key is not valid or has been withdrawn.',
  },
);
