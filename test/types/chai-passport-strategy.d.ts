// chai-passport-strategy ships no types; the tests describe the part they use where they use it.
declare module 'chai-passport-strategy' {
  const plugin: (chai: object, utils: object) => void;
  export default plugin;
}
