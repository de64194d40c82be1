console.log("admin asset");
