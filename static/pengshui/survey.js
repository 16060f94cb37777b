// The field survey on a phone (templates/approvals/survey_form.html). Everything typed and
// every photo is kept as a draft in this browser (localStorage) as it is written, so a
// closed page or a lost signal loses nothing; "登记实地调研" sends the draft, and a draft that could
// not be sent is sent again when the connection returns. The draft carries the key the
// server made when the form was opened: sending it twice records one survey.
// Photos: the time and place are read from the original's EXIF here (a canvas drops it),
// the photo is resized to at most 1600 px as a JPEG, and both are sent side by side; with
// no place in the EXIF, the phone's location is asked for (the browser asks the user).
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) return;
  var KEY = form.getAttribute("data-draft-key");
  var MAX = 1600;
  var state = document.getElementById("survey-state");
  var list = document.getElementById("survey-photos");
  var input = document.getElementById("id_photos");
  var draft = load() || { fields: null, photos: [], pending: false };
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }
  function say(text, kind) {
    state.textContent = text;
    state.className = "alert py-2 small alert-" + (kind || "secondary");
  }
  function save() {
    draft.fields = fieldsOf();
    try {
      window.localStorage.setItem(KEY, JSON.stringify(draft));
      return true;
    } catch (e) {
      say("本机存储空间已满，草稿未能保存：请减少照片或联网后登记。", "danger");
      return false;
    }
  }
  function fieldsOf() {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken") return;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      out.push([el.name, el.value]);
    });
    return out;
  }
  function restore(fields) {
    var byName = {};
    fields.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken") return;
      var values = byName[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") el.checked = values.indexOf(el.value) >= 0;
      else if (values.length) el.value = values[0];
    });
  }

  // ---- EXIF: DateTimeOriginal and the GPS position of a JPEG ---------------------------
  function readExif(buffer) {
    var view = new DataView(buffer);
    if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return {};
    var pos = 2;
    while (pos + 4 < view.byteLength) {
      var marker = view.getUint16(pos), size = view.getUint16(pos + 2);
      if (marker === 0xffe1 && view.getUint32(pos + 4) === 0x45786966) return tiff(view, pos + 10);
      if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) break;
      pos += 2 + size;
    }
    return {};
  }
  function tiff(view, start) {
    var little = view.getUint16(start) === 0x4949;
    function u16(at) { return view.getUint16(at, little); }
    function u32(at) { return view.getUint32(at, little); }
    function entries(offset) {
      var out = {}, at = start + offset, n = u16(at);
      for (var i = 0; i < n; i++) {
        var e = at + 2 + i * 12;
        out[u16(e)] = { type: u16(e + 2), count: u32(e + 4), at: e + 8 };
      }
      return out;
    }
    function ascii(entry) {
      if (!entry) return "";
      var at = entry.count > 4 ? start + u32(entry.at) : entry.at, s = "";
      for (var i = 0; i < entry.count; i++) {
        var c = view.getUint8(at + i);
        if (c === 0) break;
        s += String.fromCharCode(c);
      }
      return s;
    }
    function degrees(entry) {
      if (!entry || entry.type !== 5) return null;
      var at = start + u32(entry.at), sum = 0;
      for (var i = 0; i < 3; i++) {
        var den = u32(at + i * 8 + 4);
        sum += den ? u32(at + i * 8) / den / Math.pow(60, i) : 0;
      }
      return sum;
    }
    try {
      var ifd0 = entries(u32(start + 4)), out = {};
      var exif = ifd0[0x8769] ? entries(u32(ifd0[0x8769].at)) : {};
      out.taken = ascii(exif[0x9003]) || ascii(ifd0[0x0132]);
      if (ifd0[0x8825]) {
        var gps = entries(u32(ifd0[0x8825].at));
        var lat = degrees(gps[2]), lon = degrees(gps[4]);
        if (lat !== null && lon !== null) {
          out.lat = ascii(gps[1]) === "S" ? -lat : lat;
          out.lon = ascii(gps[3]) === "W" ? -lon : lon;
        }
      }
      return out;
    } catch (e) {
      return {};
    }
  }

  // ---- photos -------------------------------------------------------------------------
  function resize(file) {
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return canvas.toDataURL("image/jpeg", 0.85);
    });
  }
  function located() {
    return new Promise(function (resolve) {
      if (!navigator.geolocation) return resolve(null);
      navigator.geolocation.getCurrentPosition(
        function (p) { resolve(p.coords); },
        function () { resolve(null); },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }
  function addPhoto(file) {
    return file.arrayBuffer().then(function (buffer) {
      var exif = readExif(buffer);
      return resize(file).then(function (dataUrl) {
        var photo = { name: file.name, data: dataUrl, taken_at: exif.taken || "", lat: "", lon: "", source: "" };
        if (exif.lat !== undefined) {
          photo.lat = exif.lat.toFixed(6); photo.lon = exif.lon.toFixed(6); photo.source = "exif";
          return photo;
        }
        if (!photo.taken_at) photo.taken_at = new Date(file.lastModified || Date.now()).toISOString();
        return located().then(function (coords) {
          if (coords) { photo.lat = coords.latitude.toFixed(6); photo.lon = coords.longitude.toFixed(6); photo.source = "device"; }
          return photo;
        });
      });
    });
  }
  function place(photo) {
    if (!photo.source) return "未记录位置";
    var lat = Number(photo.lat), lon = Number(photo.lon);
    return (lat >= 0 ? "北纬" : "南纬") + Math.abs(lat).toFixed(6) + "°，" + (lon >= 0 ? "东经" : "西经") +
      Math.abs(lon).toFixed(6) + "°（" + (photo.source === "exif" ? "照片拍摄信息" : "手机定位") + "）";
  }
  function drawPhotos() {
    list.textContent = "";
    draft.photos.forEach(function (photo, i) {
      var li = document.createElement("li");
      li.className = "d-flex gap-2 align-items-center mb-2 survey-draft-photo";
      var img = document.createElement("img");
      img.src = photo.data; img.alt = "照片" + (i + 1); img.width = 96;
      var text = document.createElement("span");
      text.className = "small flex-grow-1";
      text.textContent = "照片" + (i + 1) + "　" + (photo.taken_at || "拍摄时间未记录") + "　" + place(photo);
      var remove = document.createElement("button");
      remove.type = "button"; remove.className = "btn btn-sm btn-outline-danger"; remove.textContent = "删除";
      remove.addEventListener("click", function () { draft.photos.splice(i, 1); save(); drawPhotos(); });
      li.append(img, text, remove);
      list.appendChild(li);
    });
  }
  input.addEventListener("change", function () {
    var files = Array.prototype.slice.call(input.files);
    input.value = "";
    say("正在处理照片……");
    files.reduce(function (chain, file) {
      return chain.then(function () {
        return addPhoto(file).then(function (photo) { draft.photos.push(photo); save(); drawPhotos(); });
      });
    }, Promise.resolve()).then(function () {
      say("照片已保存在本机（" + draft.photos.length + "张）。");
    }, function () {
      say("有照片无法读取，请重新拍摄。", "warning");
    });
  });

  // ---- sending --------------------------------------------------------------------------
  function blobOf(dataUrl) {
    var parts = dataUrl.split(","), bytes = atob(parts[1]), arr = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) arr[i] = bytes.charCodeAt(i);
    return new Blob([arr], { type: "image/jpeg" });
  }
  function waiting() {
    say("已保存在本机，联网后自动登记。", "warning");
  }
  function send() {
    if (sending || !draft.pending) return;
    if (!navigator.onLine) return waiting();
    sending = true;
    say("正在登记……", "info");
    var body = new FormData();
    draft.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    draft.photos.forEach(function (photo, i) {
      body.append("photos", blobOf(photo.data), "photo-" + (i + 1) + ".jpg");
      body.append("photo_taken_at", photo.taken_at);
      body.append("photo_lat", photo.lat);
      body.append("photo_lon", photo.lon);
      body.append("photo_source", photo.source);
    });
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    fetch(form.action || window.location.href, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token }
    }).then(function (response) {
      if (response.status >= 500) throw new Error("server");
      return response.json().then(function (answer) {
        sending = false;
        if (response.ok && answer.url) {
          window.localStorage.removeItem(KEY);
          window.location.assign(answer.url);
          return;
        }
        draft.pending = false;
        save();
        say((answer.errors || ["登记未成功。"]).join("；"), "danger");
      });
    }).catch(function () {
      sending = false;
      waiting();
    });
  }

  form.addEventListener("input", function () { save(); });
  form.addEventListener("change", function (event) { if (event.target !== input) save(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    draft.pending = true;
    if (save()) send();
  });
  window.addEventListener("online", send);
  window.addEventListener("offline", function () { if (draft.pending) waiting(); });

  if (draft.fields) {
    restore(draft.fields);
    drawPhotos();
    say(draft.pending ? "已保存在本机，联网后自动登记。" : "已恢复本机保存的草稿。", draft.pending ? "warning" : "secondary");
  }
  save();
  send();
  if ("serviceWorker" in navigator && form.getAttribute("data-worker")) {
    navigator.serviceWorker.register(form.getAttribute("data-worker")).catch(function () {});
  }
})();
