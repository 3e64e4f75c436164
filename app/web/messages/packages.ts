// The words of materials (teacher-packages.ts, office-packages.ts, package-files.ts): page titles,
// notices after an upload or a review, refusals, the upload's problem list as CSV.

export const titles = {
  departmentMaterials: '材料提交',
  review: '材料审核',
  departmentReview: (department: string) => `材料审核：${department}`,
} as const;

export const notices = {
  uploaded: ({ passed, failed, missing }: { passed: number; failed: number; missing: number }) =>
    `检查完成：${passed} 名考生的材料已保存${failed ? `，${failed} 名有问题，请按下方提示修改后重新上传（只会替换重新上传的考生）` : ''}${missing ? `；本院还有 ${missing} 名等级认定考生没有提交任何材料` : ''}`,
  preApproved: (candidates: number) => `已初审通过 ${candidates} 名考生`,
  submitted: (candidates: number) => `已向继续教育学院提交 ${candidates} 名考生的材料`,
  accepted: (candidates: number) => `已接收 ${candidates} 名考生的材料`,
  departmentReturned: (candidates: number) => `已退回该学院 ${candidates} 名考生的材料`,
  candidateReturned: '已退回该考生的材料',
} as const;

export const refusals = {
  nothingChosen: '请选择一个 ZIP 压缩包，或选择一个文件夹',
  zipUnprocessed: (message: string) => `压缩包未处理：${message}`,
  fileKind: '只能查看身份证复印件或学籍在线验证报告',
} as const;

export const fileNames = {
  /** How an upload of a folder (not a ZIP) is named in the list of uploads. */
  uploadedFolder: (folder: string) => `${folder}（文件夹）`,
  /** `upload`: the uploaded file's name without its .zip. */
  uploadProblems: (upload: string) => `检查结果-${upload}.csv`,
} as const;

/** The CSV of one upload's problems: its header line. */
export const problemsCsv = {
  header: ['文件夹', '问题', '说明', '位置'],
};
